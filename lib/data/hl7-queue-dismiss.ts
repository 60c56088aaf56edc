import "server-only";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { AppError, conflict, refused } from "@/lib/errors";
import { needsDermatologist, resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { writeAudit, type AuditActor } from "./audit";
import { HoldMoved, whileHoldStays } from "./hl7-queue-hold-moved";
import { RETRACTED_STILL_CURRENT, retractedResultStillCurrent } from "./hl7-queue-retraction";
import { lockMrns, lockPatient } from "./locks";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { assertMay } from "./viewer";

/**
 * A waiting result that belongs to no patient of the clinic (or is wrong) is dismissed with a reason; it
 * stays on file. A pregnancy test that is not a plain final negative is dismissed only by a dermatologist,
 * as only a dermatologist voids a pregnancy test on the chart; a nurse still attaches it to the patient. A
 * pregnancy test held a patient's prescribing while it waited (holdsPatientId): that patient's monitoring items,
 * which a stop of prescribing shapes (no prescription renewal is offered meanwhile), are recomputed in the same
 * transaction, under the patient's lock: the patient it holds when it is dismissed (whileHoldStays). A laboratory's
 * retraction is not dismissed while the result it names is still current on the chart: it is voided there first,
 * with its reason, by whoever may void it (lib/data/hl7-queue-retraction.ts), checked under the patient's lock.
 */
export async function rejectHl7Result(actor: AuditActor, input: { entryId: string; reason: string }) {
  assertMay(actor, "labs.write");
  await whileHoldStays(() => rejectOnce(actor, input));
}

async function rejectOnce(actor: AuditActor, input: { entryId: string; reason: string }) {
  const entry = await db.hl7QueueEntry.findUnique({
    where: { id: input.entryId },
    select: { observation: true, pregnancyTest: true, patientId: true, holdsPatientId: true, mrn: true, createdAt: true },
  });
  const o = entry?.observation as unknown as Observation | undefined;
  if (o && needsDermatologist(o, entry!.pregnancyTest) && !can(actor.role, "pregnancy.decide"))
    throw new AppError(
      "FORBIDDEN",
      "Only a dermatologist can dismiss a pregnancy test result that is not a final negative. Attach it to the patient, or ask a dermatologist to review it.",
    );
  const held = entry?.pregnancyTest ? entry.holdsPatientId : null;
  // A retraction: the patient whose chart holds the result it names, whose lab voids take this lock too.
  const chart = o && resultStatus(o.status ?? "") === "RETRACTED" ? entry!.patientId : null;
  await db.$transaction(async (tx) => {
    // The MRN the result was sent for, first, as attaching takes it (hl7-queue-attach.ts).
    if (entry) await lockMrns(tx, [entry.mrn]);
    if (held) await lockPatient(tx, held);
    if (chart && chart !== held) await lockPatient(tx, chart);
    if (entry && chart && (await retractedResultStillCurrent(tx, { ...entry, observation: o! }))) throw refused(RETRACTED_STILL_CURRENT);
    // Only while it holds whom it held when read (hl7-queue-hold-moved.ts).
    const resolved = await tx.hl7QueueEntry.updateMany({
      where: { id: input.entryId, status: "PENDING", holdsPatientId: entry?.holdsPatientId ?? null },
      data: { status: "REJECTED", resolvedById: actor.id, resolvedAt: new Date(), resolutionNote: input.reason },
    });
    if (resolved.count !== 1) {
      if ((await tx.hl7QueueEntry.findUnique({ where: { id: input.entryId }, select: { status: true } }))?.status === "PENDING") throw new HoldMoved();
      throw conflict("This result was already attached or dismissed, or no longer exists.");
    }
    if (held) await refreshPatientMonitoring(tx, held);
    await writeAudit(tx, actor, {
      action: "lab.queue_reject",
      entityType: "Hl7QueueEntry",
      entityId: input.entryId,
      patientId: entry?.patientId ?? entry?.holdsPatientId ?? null,
      changes: { reason: input.reason },
    });
  });
}
