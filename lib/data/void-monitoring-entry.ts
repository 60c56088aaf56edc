import "server-only";
import { db } from "@/lib/db";
import { notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { seesItemKey } from "./item-visibility";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { ALREADY_VOIDED, markVoided } from "./void-entry";
import { assertMay } from "./viewer";

/**
 * A waiver entered in error: voided, never deleted; the item it skipped is open again, recomputed in the
 * same transaction, and the item may be waived anew.
 */
export async function voidWaiver(actor: AuditActor, input: { waiverId: string; reason: string }): Promise<void> {
  assertMay(actor, "monitoring.waive");
  await db.$transaction(async (tx) => {
    const w = await tx.monitoringWaiver.findUnique({ where: { id: input.waiverId } });
    if (!w) throw notFound("waiver");
    if (w.voidedAt) throw refused(ALREADY_VOIDED);
    await markVoided(tx, actor, "monitoring_waivers", w.id, input.reason);
    await refreshPatientMonitoring(tx, w.patientId);
    await writeAudit(tx, actor, {
      action: "monitoring.waive_void",
      entityType: "MonitoringWaiver",
      entityId: w.id,
      patientId: w.patientId,
      changes: { itemKey: w.itemKey, reason: input.reason, before: { reason: w.reason } },
    });
  });
}

/** An outreach note entered in error (the wrong patient, the wrong item): voided, never deleted. */
export async function voidOutreachNote(actor: AuditActor, input: { noteId: string; reason: string }): Promise<void> {
  assertMay(actor, "monitoring.outreach");
  await db.$transaction(async (tx) => {
    const n = await tx.outreachNote.findUnique({ where: { id: input.noteId }, select: { id: true, patientId: true, itemKey: true, voidedAt: true } });
    // A note about the dermatologist's own item is not shown to a role that does not get it, nor voided by one.
    if (!n || !seesItemKey(actor.role, n.itemKey)) throw notFound("note");
    if (n.voidedAt) throw refused(ALREADY_VOIDED);
    await markVoided(tx, actor, "outreach_notes", n.id, input.reason);
    await writeAudit(tx, actor, {
      action: "monitoring.outreach_void",
      entityType: "OutreachNote",
      entityId: n.id,
      patientId: n.patientId,
      changes: { itemKey: n.itemKey, reason: input.reason },
    });
  });
}
