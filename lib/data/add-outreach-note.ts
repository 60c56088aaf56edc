import "server-only";
import { db } from "@/lib/db";
import type { OutreachOutcome } from "@/lib/generated/prisma/enums";
import { writeAudit, type AuditActor } from "./audit";
import { notFound } from "@/lib/errors";
import { lockOpenItem } from "./open-item";

/**
 * Staff record an attempt to reach the patient about an open item, with how it went; the worklist shows them all.
 * An item the actor's role does not get (the dermatologist's own, lib/data/item-visibility.ts) is refused as
 * any item not open is, so the answer tells nothing of it.
 */
export async function addOutreachNote(actor: AuditActor, input: { patientId: string; itemKey: string; outcome: OutreachOutcome; note: string }, asOf: string) {
  await db.$transaction(async (tx) => {
    const exists = await tx.patient.count({ where: { id: input.patientId } });
    if (!exists) throw notFound("patient");
    // Checked under the patient's derived-data lock: a result completing the item meanwhile is seen.
    await lockOpenItem(tx, input.patientId, input.itemKey, asOf, actor.role);
    const n = await tx.outreachNote.create({
      data: { patientId: input.patientId, itemKey: input.itemKey, outcome: input.outcome, note: input.note, createdById: actor.id },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: "monitoring.outreach",
      entityType: "OutreachNote",
      entityId: n.id,
      patientId: input.patientId,
      changes: { itemKey: input.itemKey, outcome: input.outcome },
    });
  });
}
