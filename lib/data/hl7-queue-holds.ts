import "server-only";
import type { Tx } from "@/lib/db";
import { refreshPatientMonitoring } from "./refresh-monitoring";

/**
 * The laboratory's pregnancy tests waiting in the queue under this MRN that hold no patient's prescribing
 * (when they came, no patient had the MRN: the test was ordered before the patient was registered, or the
 * patient was registered under a mistyped MRN) now hold this patient's, as they would have had the patient
 * been on file (queueHold, lib/data/hl7-observation.ts: matched, or the MRN's patient with another date of
 * birth), until they are attached or dismissed. Called, under the MRN's registration lock (lockMrns), which
 * an HL7 import takes too before it matches, by whoever gives a patient an MRN: a registration or an edit.
 * The registration's or edit's audit row does not name them: that a pregnancy test waits is not for every reader
 * of the trail (README "Audit trail"); the queue's own rows name the patients they concern. When one now holds the
 * patient's prescribing, the patient's monitoring items, which a stop of prescribing shapes (no prescription
 * renewal is offered meanwhile), are recomputed in the caller's transaction, after its write of the patient's row.
 */
export async function holdWaitingPregnancyTests(tx: Tx, patient: { id: string; mrn: string }): Promise<void> {
  const held = await tx.hl7QueueEntry.updateMany({
    where: { status: "PENDING", pregnancyTest: true, holdsPatientId: null, mrn: { equals: patient.mrn, mode: "insensitive" } },
    data: { holdsPatientId: patient.id },
  });
  if (held.count > 0) await refreshPatientMonitoring(tx, patient.id);
}
