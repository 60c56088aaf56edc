import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { OutreachOutcome } from "@/lib/generated/prisma/enums";
import { writeAudit, type AuditActor } from "./audit";
import { invalidField, notFound } from "@/lib/errors";
import { MAX_OUTREACH_ITEMS, NO_ITEM, TOO_MANY_ITEMS } from "@/lib/validation/lab";
import { lockOpenItems } from "./open-item";
import { assertMay } from "./viewer";

/**
 * Staff record an attempt to reach the patient, with how it went; the worklist shows them all. One call may
 * cover several of the patient's open items: one note per item, each with its audit row, in one
 * transaction. Every item is checked open under the patient's derived-data lock first; one that is not (or one
 * the actor's role does not get) refuses them all, and nothing is written. Each note is a record of its own,
 * voided on its own (lib/data/void-monitoring-entry.ts), so each has its own audit row, which names the call
 * and the notes written with it. The notes share the call's id, by which the outreach history shows the call
 * once (lib/data/outreach-calls.ts). Returns the notes' ids, in the order of the keys.
 */
export async function addOutreachNotes(
  actor: AuditActor,
  input: { patientId: string; itemKeys: readonly string[]; outcome: OutreachOutcome; note: string },
  asOf: string,
): Promise<string[]> {
  assertMay(actor, "monitoring.outreach");
  const itemKeys = [...new Set(input.itemKeys)];
  // The form's schema says so first (lib/validation/lab.ts); said again for any other caller.
  if (itemKeys.length === 0) throw invalidField("itemKey", NO_ITEM);
  if (itemKeys.length > MAX_OUTREACH_ITEMS) throw invalidField("itemKey", TOO_MANY_ITEMS);
  return db.$transaction(async (tx) => {
    const exists = await tx.patient.count({ where: { id: input.patientId } });
    if (!exists) throw notFound("patient");
    // Checked under the patient's derived-data lock: a result completing an item meanwhile is seen.
    await lockOpenItems(tx, input.patientId, itemKeys, asOf, actor.role);
    const callId = randomUUID();
    const ids: string[] = [];
    for (const itemKey of itemKeys) {
      const n = await tx.outreachNote.create({
        data: { patientId: input.patientId, itemKey, outcome: input.outcome, note: input.note, createdById: actor.id, callId },
        select: { id: true },
      });
      ids.push(n.id);
    }
    // The audit chain's lock last (README, "One lock order"): taken by the first row, held to commit.
    for (const [i, id] of ids.entries())
      await writeAudit(tx, actor, {
        action: "monitoring.outreach",
        entityType: "OutreachNote",
        entityId: id,
        patientId: input.patientId,
        changes: {
          itemKey: itemKeys[i]!,
          outcome: input.outcome,
          callId,
          ...(ids.length > 1 ? { notedWith: ids.filter((other) => other !== id) } : {}),
        },
      });
    return ids;
  });
}
