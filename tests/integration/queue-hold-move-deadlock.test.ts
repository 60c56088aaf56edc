import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { importHl7File } from "@/lib/data/import-hl7";
import { updatePatient } from "@/lib/data/patients";
import { addDays } from "@/lib/domain/dates";
import { makePatient, makeUser, pregnancyTest, testDb, TODAY, until } from "./helpers";
import { hcg, oru } from "./hl7-helpers";
import { auditGate, settled, waitingForLocks } from "./lock-helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/*
 * A waiting pregnancy test attached while an MRN edit makes it hold a patient, the attach reaching the audit
 * chain first: the attach held the chain (its result's audit row) when it came to write the entry, whose row
 * the edit held while it waited for the chain. Filing takes the MRN's lock first, as the edit does: one waits.
 */

describe("a waiting pregnancy test attached while an MRN edit makes it hold a patient, the attach first at the audit chain", () => {
  it("both complete, one after the other: the test is filed, and her renewal is listed as nothing stops her prescribing", async () => {
    const fixture = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(fixture.p.id, addDays(TODAY, -1), fixture.derm.id);
    const p = fixture.p;
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const mrn = `QD-${randomUUID().slice(0, 8)}`;
    const controlId = `QD-${randomUUID().slice(0, 8)}`;
    await importHl7File({ kind: "UPLOAD", user: nurse }, oru(controlId, mrn, [hcg("Positive", "F")]), TODAY);
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    expect(entry).toMatchObject({ status: "PENDING", pregnancyTest: true, holdsPatientId: null });

    const gate = await auditGate();
    // The attach reads the entry (holding no one), records the result on the other patient's chart and waits
    // for the audit chain.
    const attach = settled(() => attachHl7Results(nurse, { entryIds: [entry.id], mrn: other.mrn, birthDate: "2000-01-01" }, TODAY))();
    await until(async () => (await waitingForLocks()) === 1, "the attach to wait for the audit chain's lock");
    // The MRN edit makes the waiting test hold her (the entry's row is the edit's until it commits), then waits
    // for the audit chain behind the attach.
    const { version } = await testDb().patient.findUniqueOrThrow({ where: { id: p.id }, select: { version: true } });
    const edit = settled(() =>
      updatePatient(nurse, p.id, version, {
        mrn,
        firstName: p.firstName,
        lastName: p.lastName,
        dateOfBirth: "2000-01-01",
        sexAtBirth: "FEMALE",
        indication: "ACNE_NODULAR",
        phone: undefined,
        email: undefined,
      }),
    )();
    await until(async () => (await waitingForLocks()) === 2, "the edit to wait for the audit chain's lock");
    await gate.open();
    const [attached, edited] = await Promise.all([attach, edit]);

    expect(edited).toEqual({ value: undefined });
    expect(attached).toMatchObject({ value: { attached: 1 } });
    // The attach took the MRN's lock first: the edit waited for it, and found the test filed.
    expect(await testDb().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ status: "ATTACHED" });
    const renewals = await testDb().monitoringItemRow.findMany({ where: { patientId: p.id, kind: "RX_RENEWAL" }, select: { dueDate: true } });
    expect(renewals.map((r) => r.dueDate.toISOString().slice(0, 10))).toEqual([TODAY]);
  });
});
