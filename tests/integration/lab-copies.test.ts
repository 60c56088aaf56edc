import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { getLabAlerts } from "@/lib/data/labs";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";
import { patientOnCourse, rxForm } from "./pregnancy-fixture";

/**
 * A result recorded more than once (typed in by hand, then received from the laboratory) is one result,
 * whichever of its records a nurse or dermatologist opens: a correction made on the laboratory's copy
 * replaces the result, every record of it voided; a retraction by the laboratory names it once, and voiding
 * it voids every record of it.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-22"; // the specimen date of the messages oru() builds
const controlId = () => `CP-${randomUUID().slice(0, 8)}`;

let token: string;
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  ({ token } = await makeLabInterface(await makeUser("ADMIN"), `Copies lab ${randomUUID().slice(0, 8)}`));
});

const post = async (body: string, ack: string) => expect((await postHl7(token, body)).msa[2]).toBe(ack);
const rowsOf = (patientId: string) => db().labResult.findMany({ where: { patientId }, orderBy: [{ enteredAt: "asc" }, { id: "asc" }] });
const liveOf = (patientId: string) => db().labResult.findMany({ where: { patientId, voidedAt: null } });

/** TG typed in by the nurse from the faxed report, then the same result received from the laboratory: its copy. */
async function tgByHandThenFromLab(value: number, patient?: { id: string; mrn: string }) {
  const p = patient ?? (await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" }));
  const tgTest = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  actAs(nurse);
  const typed = await recordLabPanelAction(
    IDLE,
    form({ patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, [`value:${tgTest.id}`]: `${value}` }),
  );
  expect(typed).toMatchObject({ status: "ok" });
  await post(oru(controlId(), p.mrn, [tg(value, "F")]), "Imported: 1 results attached, 0 waiting for review.");
  const [byHand, fromLab] = await rowsOf(p.id);
  expect([byHand!.duplicateOfId, fromLab!.duplicateOfId]).toEqual([null, byHand!.id]);
  return { p, byHand: byHand!, fromLab: fromLab! };
}

describe("a hand correction made on the laboratory's copy of a result", () => {
  it("replaces the result: one current result, the corrected value; the hand entry and every copy voided for the correction's reason", async () => {
    const { p, byHand, fromLab } = await tgByHandThenFromLab(900);
    // The same result received a second time: another copy naming the hand entry.
    await post(oru(controlId(), p.mrn, [tg(900, "F")]), "Imported: 1 results attached, 0 waiting for review.");
    const again = (await rowsOf(p.id))[2]!;
    expect(again.duplicateOfId).toBe(byHand.id);
    const critical = async () => (await getLabAlerts(CLINICIAN, 10_000)).critical.filter((a) => a.patientId === p.id).map((a) => a.id);
    expect(await critical()).toEqual([byHand.id]);

    const reason = "Misread: 90 on the report";
    expect(await correctLabResultAction(IDLE, form({ labResultId: fromLab.id, value: "90", reason }))).toMatchObject({ status: "ok" });

    const live = await liveOf(p.id);
    expect(live.map((r) => [Number(r.valueNumeric), r.flag, r.duplicateOfId])).toEqual([[90, "NORMAL", null]]);
    const corrected = live[0]!;
    const after = await rowsOf(p.id);
    expect(after.map((r) => [r.id, r.voidedAt !== null, r.voidReason, r.voidedById, r.replacedById])).toEqual([
      [byHand.id, true, reason, nurse.id, corrected.id],
      [fromLab.id, true, reason, nurse.id, null],
      [again.id, true, reason, nurse.id, null],
      [corrected.id, false, null, null, null],
    ]);
    expect(await critical()).toEqual([]);
    // One audit row: the correction of the result, naming the copy it was made on and the copies it voided.
    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: { in: ["lab.correct", "lab.void"] } } });
    expect(audits.map((a) => [a.action, a.entityId, a.actorId])).toEqual([["lab.correct", byHand.id, nurse.id]]);
    expect(audits[0]!.changes).toMatchObject({
      reason,
      before: { value: 900 },
      after: { id: corrected.id, value: 90 },
      replacedById: corrected.id,
      openedCopy: fromLab.id,
      copies: { voided: [fromLab.id, again.id] },
    });
  });

  it("of a pregnancy test: only a dermatologist corrects it, never once a decision rests on the result; a positive corrected to negative no longer stops prescribing", async () => {
    const start = addDays(TODAY, -30);
    const { derm, p, course, confirm } = await patientOnCourse(start);
    await pregnancyTest(p.id, addDays(TODAY, -4), derm.id);
    // A positive typed in by hand, then the laboratory's message with it: its copy.
    const byHand = await pregnancyTest(p.id, SPECIMEN, derm.id, "POSITIVE");
    await post(oru(controlId(), p.mrn, [hcg("Positive", "F")]), "Imported: 1 results attached, 0 waiting for review.");
    const fromLab = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: byHand.id } });
    const rx = async () => writePrescriptionAction(IDLE, rxForm(await db().course.findUniqueOrThrow({ where: { id: course.id } }), TODAY, confirm));
    expect(await rx()).toMatchObject({ status: "error", fieldErrors: { pregnancy: expect.arrayContaining([expect.stringContaining("no documented")]) } });

    const negative = { labResultId: fromLab.id, value: "NEGATIVE", reason: "Misread: negative on the report" };
    const before = await countRows();
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form(negative))).toMatchObject({
      status: "error",
      message: "Only a dermatologist can void or correct a pregnancy test result.",
    });
    expect(await countRows()).toEqual(before);

    actAs(derm);
    expect(await correctLabResultAction(IDLE, form(negative))).toMatchObject({ status: "ok" });
    const hcgRows = await db().labResult.findMany({ where: { patientId: p.id, specimenDate: new Date(`${SPECIMEN}T00:00:00Z`) } });
    expect(hcgRows.filter((r) => r.voidedAt === null).map((r) => r.valueQualitative)).toEqual(["NEGATIVE"]);
    const corrected = hcgRows.find((r) => r.voidedAt === null)!;
    expect(hcgRows.filter((r) => r.voidedAt !== null).map((r) => [r.id, r.voidReason, r.voidedById, r.replacedById])).toEqual(
      expect.arrayContaining([
        [byHand.id, negative.reason, derm.id, corrected.id],
        [fromLab.id, negative.reason, derm.id, null],
      ]),
    );
    expect(hcgRows).toHaveLength(3);
    // The positive counts no more: the negatives of 4 days ago and of the correction let the prescription through.
    expect(await rx()).toMatchObject({ status: "ok" });
  });

  it("of a pregnancy test whose hand entry a decision rests on is refused, and changes nothing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const byHand = await pregnancyTest(p.id, SPECIMEN, derm.id, "POSITIVE");
    const decided = await recordPregnancyDecisionAction(
      IDLE,
      form({ patientId: p.id, labResultId: byHand.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG and ultrasound" }),
    );
    expect(decided).toMatchObject({ status: "ok" });
    await post(oru(controlId(), p.mrn, [hcg("Positive", "F")]), "Imported: 1 results attached, 0 waiting for review.");
    const fromLab = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: byHand.id } });

    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: fromLab.id, value: "NEGATIVE", reason: "Misread" }))).toMatchObject({
      status: "error",
      message: "A decision is documented on this pregnancy test, so it cannot be voided or corrected.",
    });
    expect(await countRows()).toEqual(before);
    expect((await liveOf(p.id)).map((r) => r.valueQualitative)).toEqual(["POSITIVE", "POSITIVE"]);
  });
});

describe("a retraction (OBX-11 W) of a result recorded by hand and received from the laboratory", () => {
  it.each([
    ["the laboratory's copy", "fromLab"],
    ["the hand entry", "byHand"],
  ] as const)("waits as one entry naming one result; voiding it on %s voids every record of it", async (_, opened) => {
    const records = await tgByHandThenFromLab(600);
    const { p } = records;
    const id = controlId();
    await post(oru(id, p.mrn, [tg(600, "W")]), "Imported: 0 results attached, 1 waiting for review (retracted).");
    const entries = await db().hl7QueueEntry.findMany({ where: { patientId: p.id } });
    expect(entries.map((e) => [e.reason, e.status, e.detail])).toEqual([
      [
        "RETRACTED",
        "PENDING",
        "The laboratory retracted this result as wrong (OBX-11 W). 1 current result of this test on 22 Nov 2026 is on the patient's chart, recorded 2 times: void it there (every record of it is voided with it), then dismiss this entry.",
      ],
    ]);
    expect((await listHl7Queue({ id: nurse.id, role: "NURSE" }, 1000)).rows.filter((r) => r.patientId === p.id)).toHaveLength(1);

    actAs(nurse);
    const reason = "Retracted by the laboratory";
    expect(await correctLabResultAction(IDLE, form({ labResultId: records[opened].id, reason }))).toMatchObject({ status: "ok" });
    expect(await liveOf(p.id)).toEqual([]);
    const rows = await rowsOf(p.id);
    expect(rows.map((r) => [r.id, r.voidReason, r.voidedById, r.replacedById])).toEqual([
      [records.byHand.id, reason, nurse.id, null],
      [records.fromLab.id, reason, nurse.id, null],
    ]);
    const alerts = await getLabAlerts(CLINICIAN, 10_000);
    expect([...alerts.abnormal, ...alerts.critical].filter((a) => a.patientId === p.id)).toEqual([]);
    // One audit row: the void of the result, naming the retraction and the copy voided with it.
    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: "lab.void" } });
    expect(audits.map((a) => [a.entityId, a.actorId])).toEqual([[records.byHand.id, nurse.id]]);
    expect(audits[0]!.changes).toMatchObject({
      reason,
      retractions: [entries[0]!.id],
      copies: { voided: [records.fromLab.id] },
      ...(opened === "fromLab" ? { openedCopy: records.fromLab.id } : {}),
    });

    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entries[0]!.id, reason: "Voided on the chart" }))).toMatchObject({ status: "ok" });
  });

  it("once dismissed, no longer voids every record: a void of the hand entry leaves the copy as the result", async () => {
    // The retraction came before the result was on the chart, naming none: it is dismissed (one naming a current
    // result is not: hl7-retraction-dismiss.test.ts).
    const patient = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    await post(oru(controlId(), patient.mrn, [tg(600, "W")]), "Imported: 0 results attached, 1 waiting for review (retracted).");
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { patientId: patient.id } });
    actAs(nurse);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: "Not this clinic's order" }))).toMatchObject({ status: "ok" });
    const { p, byHand, fromLab } = await tgByHandThenFromLab(600, patient);
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: byHand.id, reason: "Typed twice" }))).toMatchObject({ status: "ok" });
    expect((await liveOf(p.id)).map((r) => [r.id, r.duplicateOfId])).toEqual([[fromLab.id, null]]);
  });
});

describe("a result whose laboratory copy carries another code of the analyte (LDL calculated by hand, direct from the laboratory)", () => {
  const ldlDirect = (value: number, status: string) => `NM|18262-6^LDL direct^LN||${value}|mg/dL|0-130|${value > 130 ? "H" : "N"}|||${status}`;
  async function ldlByHandThenFromLab() {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    const calculated = await db().labTest.findFirstOrThrow({ where: { code: "13457-7" } });
    actAs(nurse);
    const typed = await recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, [`value:${calculated.id}`]: "160" }),
    );
    expect(typed).toMatchObject({ status: "ok" });
    await post(oru(controlId(), p.mrn, [ldlDirect(160, "F")]), "Imported: 1 results attached, 0 waiting for review.");
    const [byHand, fromLab] = await rowsOf(p.id);
    expect([byHand!.code, fromLab!.code, fromLab!.duplicateOfId]).toEqual(["13457-7", "18262-6", byHand!.id]);
    return { p, byHand: byHand!, fromLab: fromLab! };
  }

  it("a laboratory's correction of its copy replaces the result, every record of it voided", async () => {
    const { p, byHand, fromLab } = await ldlByHandThenFromLab();
    await post(oru(controlId(), p.mrn, [ldlDirect(120, "C")]), "Imported: 1 results attached, 1 of them a correction, 0 waiting for review.");
    const live = await liveOf(p.id);
    expect(live.map((r) => [r.code, Number(r.valueNumeric)])).toEqual([["18262-6", 120]]);
    expect((await rowsOf(p.id)).filter((r) => r.voidedAt !== null).map((r) => [r.id, r.replacedById])).toEqual([
      [byHand.id, live[0]!.id],
      [fromLab.id, null],
    ]);
  });

  it("a retraction of its copy names the one result, and voiding the hand entry voids the copy too", async () => {
    const { p, byHand } = await ldlByHandThenFromLab();
    await post(oru(controlId(), p.mrn, [ldlDirect(160, "W")]), "Imported: 0 results attached, 1 waiting for review (retracted).");
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { patientId: p.id } });
    expect(entry.detail).toContain("1 current result of this test on 22 Nov 2026 is on the patient's chart, recorded 2 times");
    expect(await correctLabResultAction(IDLE, form({ labResultId: byHand.id, reason: "Retracted by the laboratory" }))).toMatchObject({ status: "ok" });
    expect(await liveOf(p.id)).toEqual([]);
  });
});
