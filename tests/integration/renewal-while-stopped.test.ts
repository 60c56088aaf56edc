import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7ResultAction, dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { importHl7File } from "@/lib/data/import-hl7";
import { getWorklist } from "@/lib/data/monitoring";
import { updatePatient } from "@/lib/data/patients";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";
import { patientOnCourse, positiveTestByNurse } from "./pregnancy-fixture";

/*
 * A course whose prescriptions run out is due a new prescription (the "Prescription renewal" item, which office
 * staff work by calls and reminders). While prescribing is stopped after a pregnancy test, none can be written:
 * the renewal is not listed, for any role, from the write that stops prescribing to the write that ends the stop,
 * each of which recomputes the patient's stored items in its own transaction.
 */
const STAFF = { role: "STAFF" as const };

/** A course started 30 days ago on one 30-day prescription, a negative test yesterday: the renewal is due today. */
async function renewalDueToday() {
  const fixture = await patientOnCourse(addDays(TODAY, -30));
  await pregnancyTest(fixture.p.id, addDays(TODAY, -1), fixture.derm.id);
  return fixture;
}

/** The renewal as stored (due date), and whether office staff's worklist lists it. */
async function renewal(patientId: string) {
  const stored = await testDb().monitoringItemRow.findMany({ where: { patientId, kind: "RX_RENEWAL" }, select: { dueDate: true } });
  const { rows } = await getWorklist(STAFF, TODAY, { kind: "RX_RENEWAL", sort: "days" });
  return { stored: stored.map((i) => i.dueDate.toISOString().slice(0, 10)), listed: rows.some((r) => r.patientId === patientId) };
}
const LISTED = { stored: [TODAY], listed: true };
const NONE = { stored: [], listed: false };

describe("the prescription renewal while prescribing is stopped after a pregnancy test", () => {
  it("a positive test recorded takes it off the list; voided as entered in error, it is back", async () => {
    const { derm, p } = await renewalDueToday();
    expect(await renewal(p.id)).toEqual(LISTED);
    await positiveTestByNurse(p.id, TODAY);
    expect(await renewal(p.id)).toEqual(NONE);

    const positive = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    actAs(derm);
    expect(await correctLabResultAction(IDLE, form({ labResultId: positive.id, reason: "Entered on the wrong patient" }))).toMatchObject({ status: "ok" });
    expect(await renewal(p.id)).toEqual(LISTED);
  });

  it("corrected to a negative result, it is back", async () => {
    const { derm, p } = await renewalDueToday();
    await positiveTestByNurse(p.id, TODAY);
    expect(await renewal(p.id)).toEqual(NONE);
    const positive = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    actAs(derm);
    const corrected = form({ labResultId: positive.id, value: "NEGATIVE", reason: "Misread: the laboratory's report says negative" });
    expect(await correctLabResultAction(IDLE, corrected)).toMatchObject({ status: "ok" });
    expect(await renewal(p.id)).toEqual(LISTED);
  });

  it("a decision documented on the test, answered by a later negative test, brings it back", async () => {
    const { derm, p } = await renewalDueToday();
    await positiveTestByNurse(p.id, addDays(TODAY, -1));
    const positive = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    await pregnancyTest(p.id, TODAY, derm.id);
    expect(await renewal(p.id)).toEqual(NONE);
    actAs(derm);
    const decision = form({ patientId: p.id, labResultId: positive.id, outcome: "FALSE_POSITIVE", reason: "Serum hCG repeated: negative" });
    expect(await recordPregnancyDecisionAction(IDLE, decision)).toMatchObject({ status: "ok" });
    expect(await renewal(p.id)).toEqual(LISTED);
  });

  it("a laboratory's pregnancy test held for the patient once the MRN is corrected takes it off; dismissed, it is back", async () => {
    const { derm, p } = await renewalDueToday();
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    // A positive urine test for an MRN no patient has: it waits, holding no one.
    const mrn = `RW-${randomUUID().slice(0, 8)}`;
    const controlId = `RW-${randomUUID().slice(0, 8)}`;
    expect((await importHl7File({ kind: "UPLOAD", user: nurse }, oru(controlId, mrn, [hcg("Positive", "F")]), TODAY)).messages[0]).toMatchObject({
      queued: 1,
    });
    expect(await renewal(p.id)).toEqual(LISTED);

    // The patient's MRN was mistyped at registration: corrected, the waiting test holds her prescribing.
    const { version } = await testDb().patient.findUniqueOrThrow({ where: { id: p.id }, select: { version: true } });
    const details = { mrn, firstName: p.firstName, lastName: p.lastName, dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" as const };
    await updatePatient(nurse, p.id, version, { ...details, indication: "ACNE_NODULAR", phone: undefined, email: undefined });
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    expect(entry.holdsPatientId).toBe(p.id);
    expect(await renewal(p.id)).toEqual(NONE);

    actAs(derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: "Another person's test: the laboratory confirmed" }))).toMatchObject({
      status: "ok",
    });
    expect(await renewal(p.id)).toEqual(LISTED);
  });

  it("a laboratory's test for the patient, waiting with nothing else recorded, takes it off; attached as negative, it is back", async () => {
    const { p } = await renewalDueToday();
    const nurse = await makeUser("NURSE");
    const controlId = `RW-${randomUUID().slice(0, 8)}`;
    // Matched by MRN and date of birth, a correction (OBX-11 C) of a test of today's, which her chart does not
    // have, waits and holds her prescribing: the message records nothing on her chart.
    const correction = oru(controlId, p.mrn, [hcg("Negative", "C")], { obr: "202611230800" });
    const imported = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, correction, TODAY);
    expect(imported.messages[0]).toMatchObject({ queued: 1, attached: 0, queueReasons: ["CORRECTION"] });
    expect(await renewal(p.id)).toEqual(NONE);

    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    actAs(nurse);
    expect(entry.holdsPatientId).toBe(p.id);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect(await renewal(p.id)).toEqual(LISTED);
  });
});
