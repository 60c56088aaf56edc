import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { createPatient, updatePatient } from "@/lib/data/patients";
import { makeUser, testDb, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";

/**
 * A laboratory's positive pregnancy test for an MRN no patient has yet (the test ordered before the patient
 * was registered, or registered under a mistyped MRN) waits in the queue. Once the patient with that MRN is
 * on file, registered or corrected to it, the waiting test stops that patient's prescribing, as it would have
 * had the patient been on file when it came: what the laboratory says is not known until someone reviews it.
 */
const staff = { role: "STAFF" as const };
const nurseActor = async () => {
  const nurse = await makeUser("NURSE");
  return { id: nurse.id, role: "NURSE" as const };
};
const details = (mrn: string) => ({
  ...{ mrn, firstName: "Jane", lastName: "Doe", dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" as const },
  ...{ indication: "ACNE_NODULAR" as const, phone: undefined, email: undefined },
});

/** A positive urine hCG for this MRN (born 1 Jan 2000) that matches no patient: it waits, holding no one. */
async function positiveTestFor(mrn: string, actor: { id: string; role: "NURSE" }) {
  const controlId = `LP-${randomUUID().slice(0, 8)}`;
  const out = await importHl7File({ kind: "UPLOAD", user: actor }, oru(controlId, mrn, [hcg("Positive", "F")]), TODAY);
  expect(out.messages.map((m) => [m.status, m.queued])).toEqual([["IMPORTED", 1]]);
  const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
  expect(entry).toMatchObject({ reason: "UNMATCHED", pregnancyTest: true, patientId: null, holdsPatientId: null });
  return entry;
}

describe("a positive pregnancy test waiting for an MRN no patient had when it came", () => {
  it("stops the prescribing of the patient registered with that MRN", async () => {
    const nurse = await nurseActor();
    const mrn = `LP-${randomUUID().slice(0, 8)}`;
    const entry = await positiveTestFor(mrn, nurse);

    const patientId = await createPatient(nurse, { ...details(mrn), pregnancyCategory: "CAN_BECOME_PREGNANT" });

    expect(await testDb().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ holdsPatientId: patientId });
    expect((await getPregnancyOverview(staff, patientId, TODAY))!.prescribingStopped).toBe(true);
  });

  it("stops the prescribing of the patient whose MRN is corrected to it", async () => {
    const nurse = await nurseActor();
    const mrn = `LP-${randomUUID().slice(0, 8)}`;
    const entry = await positiveTestFor(mrn, nurse);
    const patientId = await createPatient(nurse, { ...details(`${mrn}-TYPO`), pregnancyCategory: "CAN_BECOME_PREGNANT" });
    expect((await getPregnancyOverview(staff, patientId, TODAY))!.prescribingStopped).toBe(false);

    const { version } = await testDb().patient.findUniqueOrThrow({ where: { id: patientId }, select: { version: true } });
    await updatePatient(nurse, patientId, version, details(mrn));

    expect(await testDb().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ holdsPatientId: patientId });
    expect((await getPregnancyOverview(staff, patientId, TODAY))!.prescribingStopped).toBe(true);
  });
});
