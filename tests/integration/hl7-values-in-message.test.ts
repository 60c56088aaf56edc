import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";
import { fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";

/**
 * A laboratory's message that carries two final results (OBX-11 F) of one test and specimen date with different
 * values: the portal keeps the specimen's date, not its time or order, so they cannot be told apart, and a chart
 * with both would leave every later correction "several current results". The first value is recorded; each
 * other one waits for review, for a nurse to attach the right one, a pregnancy test holding prescribing while
 * it waits. The same value again is a copy (lib/data/lab-copies.ts); two tests of one analyte are two results.
 */
const db = () => testDb();
const controlId = () => `VM-${randomUUID().slice(0, 8)}`;
let token = "";
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Values in message lab ${randomUUID().slice(0, 6)}`)).token;
});
const live = async (patientId: string) =>
  (
    await db().labResult.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ enteredAt: "asc" }, { duplicateOfId: { sort: "asc", nulls: "first" } }] })
  ).map((r) => [String(r.valueNumeric ?? r.valueQualitative), r.duplicateOfId !== null]);
const waiting = (patientId: string) =>
  db().hl7QueueEntry.findMany({
    where: { OR: [{ patientId }, { holdsPatientId: patientId }], status: "PENDING" },
    orderBy: { createdAt: "asc" },
  });
const valueOf = (entry: { observation: unknown }) => (entry.observation as { value: string }).value;
const ANOTHER_VALUE = /^The message carries another value of this test on 22 Nov 2026, recorded on the patient's chart: /;

describe("two final values of one test and date in one message", () => {
  for (const [first, second] of [
    [900, 300],
    [300, 900],
  ] as const) {
    it(`${first} then ${second}: ${first} is recorded, ${second} waits for review`, async () => {
      const p = await makePatient();
      const sent = await postHl7(token, oru(controlId(), p.mrn, [tg(first, "F"), tg(second, "F")]));
      expect([sent.msa[0], sent.msa[2]]).toEqual(["AA", "Imported: 1 results attached, 1 waiting for review (another result in message)."]);
      expect(await live(p.id)).toEqual([[String(first), false]]);
      const entries = await waiting(p.id);
      expect(entries.map((e) => [e.reason, valueOf(e), e.patientId, e.pregnancyTest])).toEqual([["OTHER_RESULT_IN_MESSAGE", String(second), p.id, false]]);
      expect(entries[0]!.detail).toMatch(ANOTHER_VALUE);
      // One current result: a later correction replaces it rather than finding several.
      const corrected = await postHl7(token, oru(controlId(), p.mrn, [tg(250, "C")]));
      expect(corrected.msa[2]).toBe("Imported: 1 results attached, 1 of them a correction, 0 waiting for review.");
      expect(await live(p.id)).toEqual([["250", false]]);
    });
  }

  it("the first value sent again is its copy; the other waits", async () => {
    const p = await makePatient();
    const sent = await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F"), tg(900, "F")]));
    expect(sent.msa[2]).toBe("Imported: 2 results attached, 1 waiting for review (another result in message).");
    expect(await live(p.id)).toEqual([
      ["900", false],
      ["900", true],
    ]);
    expect((await waiting(p.id)).map(valueOf)).toEqual(["300"]);
  });

  it("the queue shows it with its label; a nurse voids the value recorded and attaches the waiting one", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F")]));
    const [entry] = await waiting(p.id);
    const shown = (await listHl7Queue({ id: nurse.id, role: "NURSE" })).rows.find((r) => r.id === entry!.id);
    expect(shown).toMatchObject({ reason: "OTHER_RESULT_IN_MESSAGE", attachable: true, patientId: p.id });

    const [recorded] = await db().labResult.findMany({ where: { patientId: p.id } });
    actAs(nurse);
    const voided = await correctLabResultAction(
      IDLE,
      form({ labResultId: recorded!.id, value: "", specimenDate: "", reason: "Laboratory: 300 is the result" }),
    );
    expect(voided).toMatchObject({ status: "ok" });
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry!.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect(await live(p.id)).toEqual([["300", false]]);
  });

  it("the waiting value is not attached while the value recorded from the message is current: nothing is written", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F")]));
    const [entry] = await waiting(p.id);
    actAs(nurse);
    const before = await db().auditEvent.count({ where: { patientId: p.id } });
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry!.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({
      status: "error",
      message: expect.stringContaining("void it there first"),
    });
    expect([await live(p.id), (await waiting(p.id)).length, await db().auditEvent.count({ where: { patientId: p.id } })]).toEqual([
      [["900", false]],
      1,
      before,
    ]);
  });

  it("two tests of one analyte (LDL calculated and direct) stay two results", async () => {
    const p = await makePatient();
    const ldl = (code: string, value: number) => `NM|${code}^LDL^LN||${value}|mg/dL|0-130|${value > 130 ? "H" : "N"}|||F`;
    const sent = await postHl7(token, oru(controlId(), p.mrn, [ldl("13457-7", 120), ldl("18262-6", 135)]));
    expect(sent.msa[2]).toBe("Imported: 2 results attached, 0 waiting for review.");
  });
});

describe("two final pregnancy test values in one message", () => {
  const staff = { role: "STAFF" as const };

  it("negative then positive: the positive waits and stops prescribing until reviewed", async () => {
    const { p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, addDays(TODAY, -1), nurse.id);
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(false);
    await postHl7(token, oru(controlId(), p.mrn, [hcg("Negative", "F"), hcg("Positive", "F")]));
    expect((await live(p.id)).filter(([v]) => v === "POSITIVE")).toEqual([]);
    const [entry] = await waiting(p.id);
    expect(entry).toMatchObject({ reason: "OTHER_RESULT_IN_MESSAGE", pregnancyTest: true, patientId: p.id, holdsPatientId: p.id });
    expect(valueOf(entry!)).toBe("10828004");
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(true);
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [expect.stringContaining("waiting under Unfiled lab results")] },
    });
  });

  it("positive then negative: the positive is recorded, the negative waits holding the patient", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await postHl7(token, oru(controlId(), p.mrn, [hcg("Positive", "F"), hcg("Negative", "F")]));
    expect(await live(p.id)).toEqual([["POSITIVE", false]]);
    const [entry] = await waiting(p.id);
    expect(entry).toMatchObject({ reason: "OTHER_RESULT_IN_MESSAGE", pregnancyTest: true, holdsPatientId: p.id });
  });
});
