import "server-only";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";
import { refused } from "@/lib/errors";
import { lockOpenItem } from "./open-item";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { assertMay } from "./viewer";

/** A dermatologist skips one occurrence of an open item, with a reason; the next occurrence is listed. */
export async function waiveItem(actor: AuditActor, input: { patientId: string; itemKey: string; reason: string }, asOf: string) {
  assertMay(actor, "monitoring.waive");
  await db.$transaction(async (tx) => {
    // Checked under the patient's derived-data lock: a result completing the item meanwhile is seen.
    const item = await lockOpenItem(tx, input.patientId, input.itemKey, asOf);
    if (item.kind === "PREG_REVIEW") throw refused("A pregnancy review closes only with a dermatologist's documented decision, not a waiver.");
    if (item.kind === "DERM_FOLLOW_UP") throw refused("A follow-up closes only when a dermatologist records it under Pregnancy prevention, not with a waiver.");
    const [created] = await tx.monitoringWaiver.createManyAndReturn({
      data: [{ patientId: input.patientId, courseId: item.courseId, itemKey: input.itemKey, reason: input.reason, waivedById: actor.id }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!created) throw refused("This item is already waived.");
    // Refreshed before the audit row: the audit insert takes the chain lock, held until commit.
    await refreshPatientMonitoring(tx, input.patientId);
    await writeAudit(tx, actor, {
      action: "monitoring.waive",
      entityType: "MonitoringWaiver",
      entityId: created.id,
      patientId: input.patientId,
      changes: { itemKey: input.itemKey, reason: input.reason },
    });
  });
}
