import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/permissions";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { acknowledgeLabAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { correctLabResult } from "@/lib/data/correct-records";
import { importHl7File } from "@/lib/data/import-hl7";
import { acknowledgeLab, recordLabPanel } from "@/lib/data/labs";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPatientWorklist } from "@/lib/data/worklist";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { startCourseForm } from "./course-fixture";

/**
 * A dermatologist's review of an abnormal result with "Repeat test" lists a dated monitoring item that a
 * later result of the same test completes (docs/DOMAIN.md "What a lab review's action does"); "Dose reduced"
 * changes no dose and points to the course's dose change. Today is 23 Nov 2026.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-20";
const STAFF = { role: "STAFF" as const };
type Actor = { id: string; role: Role };

async function testId(code: string) {
  return (await db().labTest.findFirstOrThrow({ where: { code } })).id;
}

/** A patient with a triglyceride of 612 mg/dL (action level) recorded by a nurse, and a dermatologist to review it. */
async function abnormalTriglyceride() {
  const nurse: Actor = { id: (await makeUser("NURSE")).id, role: "NURSE" };
  const derm = await makeUser("DERMATOLOGIST");
  const p = await makePatient();
  await recordLabPanel(
    nurse,
    { patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, values: [{ labTestId: await testId("2571-8"), value: "612" }] },
    TODAY,
  );
  const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
  expect(result.flag).toBe("ACTION");
  return { nurse, derm, p, result };
}

/** The laboratory's message with the same triglyceride (612 mg/dL of 20 Nov): recorded as a copy of the result on file. */
async function labSendsSameResult(nurse: Actor, p: { mrn: string }) {
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
    `PID|1||${p.mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
    "OBR|1||ORD1|57698-3^Lipid panel^LN|||202611200800",
    "OBX|1|NM|2571-8^Triglyceride^LN||612|mg/dL|0-150|H|||F",
  ].join("\r");
  await importHl7File({ kind: "UPLOAD", user: nurse }, message, TODAY);
}

const review = (labResultId: string, fields: Record<string, string>) => acknowledgeLabAction(IDLE, form({ labResultId, ...fields }));
const storedRepeats = (patientId: string) => db().monitoringItemRow.findMany({ where: { patientId, kind: "LAB_REPEAT" } });
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const record = (nurse: Actor, patientId: string, specimenDate: string, labTestId: string, value: string) =>
  recordLabPanel(nurse, { patientId, submissionId: randomUUID(), specimenDate, values: [{ labTestId, value }] }, TODAY);

describe("a review with Repeat test", () => {
  it("stores the request, lists a dated item (worklist and patient page) and writes one audit row", async () => {
    const { derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14", note: "Fasting" })).toEqual({
      status: "ok",
      message: "Result reviewed. Repeat triglycerides (after the result of 20 Nov 2026) is listed under Monitoring, due 7 Dec 2026.",
    });
    const requests = await db().labRepeatRequest.findMany({ where: { patientId: p.id } });
    expect(requests.map((r) => [r.labResultId, iso(r.dueDate), r.requestedById])).toEqual([[result.id, "2026-12-07", derm.id]]);
    const [item] = await storedRepeats(p.id);
    expect(item).toMatchObject({
      itemKey: `repeat:${requests[0]!.id}:lab`,
      courseId: null,
      label: "Repeat triglycerides (after the result of 20 Nov 2026)",
      dueSoonDays: 7,
      overdueAfterDays: 14,
      completedOn: null,
      waived: false,
    });
    expect(iso(item!.dueDate)).toBe("2026-12-07");

    // The staff worklist lists it from its due-soon days on (from 30 Nov), by its label, with no value.
    const worklist = (asOf: string) => getPatientWorklist(STAFF, asOf, { search: p.mrn, kind: "LAB_REPEAT", sort: "due", dir: "asc", page: 1 }, 50);
    expect((await worklist(TODAY)).rows).toEqual([]);
    const listed = (await worklist("2026-12-01")).rows.find((r) => r.patientId === p.id);
    expect(listed?.items).toEqual([
      {
        itemKey: item!.itemKey,
        kind: "LAB_REPEAT",
        label: "Repeat triglycerides (after the result of 20 Nov 2026)",
        dueDate: "2026-12-07",
        status: "DUE_SOON",
        daysOverdue: 0,
      },
    ]);
    expect((await worklist("2026-12-22")).rows.find((r) => r.patientId === p.id)?.items[0]).toMatchObject({ status: "OVERDUE", daysOverdue: 15 });
    // The patient page computes the same item live.
    const live = (await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => i.kind === "LAB_REPEAT");
    expect(live.map((i) => [i.key, i.dueDate, i.status])).toEqual([[item!.itemKey, "2026-12-07", "NOT_DUE"]]);

    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: "lab.acknowledge" } });
    expect(audits.map((a) => [a.actorId, a.entityId, a.changes])).toEqual([
      [derm.id, result.id, { flag: "ACTION", reviewAction: "REPEAT_TEST", note: "Fasting", repeatDueDate: "2026-12-07", repeatRequestId: requests[0]!.id }],
    ]);
    const reviewed = await db().labResult.findUniqueOrThrow({ where: { id: result.id } });
    expect([reviewed.acknowledgedById, reviewed.reviewAction]).toEqual([derm.id, "REPEAT_TEST"]);
  });

  it("takes a date instead of the days, and the default 14 days when the days are left blank", async () => {
    const a = await abnormalTriglyceride();
    actAs(a.derm);
    expect(await review(a.result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14", repeatOn: "2026-12-15" })).toMatchObject({ status: "ok" });
    expect((await storedRepeats(a.p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-15"]);
    const b = await abnormalTriglyceride();
    actAs(b.derm);
    expect(await review(b.result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "" })).toMatchObject({ status: "ok" });
    expect((await storedRepeats(b.p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-07"]);
  });

  it("refuses days or a date out of range with a message on the field, and writes nothing", async () => {
    const { derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    const days = "Enter a whole number of days from 1 to 90.";
    for (const repeatInDays of ["0", "91", "abc", "1.5", "-3"]) {
      expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays })).toMatchObject({ status: "error", fieldErrors: { repeatInDays: [days] } });
    }
    const date = "Choose a date from tomorrow to 21 Feb 2027 (at most 90 days ahead).";
    for (const repeatOn of [TODAY, "2026-11-01", "2027-02-22"]) {
      expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatOn })).toMatchObject({ status: "error", fieldErrors: { repeatOn: [date] } });
    }
    expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatOn: "2026-02-30" })).toMatchObject({
      status: "error",
      fieldErrors: { repeatOn: ["That date does not exist."] },
    });
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "lab.acknowledge" } })).toBe(0);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: result.id } })).acknowledgedAt).toBeNull();
    // The days count only with Repeat test: another action leaves them aside.
    expect(await review(result.id, { reviewAction: "REFERRED", repeatInDays: "0" })).toEqual({ status: "ok", message: "Result reviewed." });
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("is refused for a pregnancy test, whose follow-up is the pregnancy-prevention rules'", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const p = await makePatient();
    const hcg = await pregnancyTest(p.id, SPECIMEN, derm.id);
    actAs(derm);
    expect(await review(hcg.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" })).toMatchObject({
      status: "error",
      message: "Pregnancy tests are followed by the pregnancy-prevention items, not a repeat request.",
    });
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(0);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: hcg.id } })).acknowledgedAt).toBeNull();
  });

  it("is refused to a nurse, by the action and by the data function, and nothing is written", async () => {
    const { nurse, p, result } = await abnormalTriglyceride();
    const nurseUser = await db().user.findUniqueOrThrow({ where: { id: nurse.id } });
    actAs(nurseUser);
    expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" })).toMatchObject({ status: "error" });
    await expect(acknowledgeLab(nurse, { labResultId: result.id, reviewAction: "REPEAT_TEST", repeat: { inDays: 14 } }, TODAY)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(0);
    expect(await storedRepeats(p.id)).toEqual([]);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: result.id } })).acknowledgedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "lab.acknowledge" } })).toBe(0);
    expect(await db().auditEvent.count({ where: { actorId: nurse.id, action: "access.denied" } })).toBe(1);
  });

  it("is completed by a later result of the same test only, and goes when the reviewed result is voided; the request stays", async () => {
    const { nurse, derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" });
    const completedOn = async () => (await storedRepeats(p.id)).map((i) => iso(i.completedOn));
    // Another triglyceride of the reviewed result's day, and an ALT since, complete nothing.
    await record(nurse, p.id, SPECIMEN, await testId("2571-8"), "580");
    await record(nurse, p.id, "2026-11-22", await testId("1742-6"), "30");
    expect(await completedOn()).toEqual([null]);
    // A triglyceride collected later does.
    await record(nurse, p.id, "2026-11-22", await testId("2571-8"), "240");
    expect(await completedOn()).toEqual(["2026-11-22"]);
    // Voided, it no longer does.
    const later = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, analyte: "TG", specimenDate: new Date("2026-11-22T00:00:00Z") } });
    await correctLabResult(nurse, { labResultId: later.id, reason: "Wrong patient" }, TODAY);
    expect(await completedOn()).toEqual([null]);
    // The reviewed result voided: the item goes, the request is kept.
    await correctLabResult(nurse, { labResultId: result.id, reason: "Wrong patient" }, TODAY);
    expect(await storedRepeats(p.id)).toEqual([]);
    expect((await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => i.kind === "LAB_REPEAT")).toEqual([]);
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("says the repeat is already done when a later result of the test is on file, instead of a due date", async () => {
    const { nurse, derm, p, result } = await abnormalTriglyceride();
    // A triglyceride collected two days after the reviewed one, recorded before the review.
    await record(nurse, p.id, "2026-11-22", await testId("2571-8"), "240");
    actAs(derm);
    expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" })).toEqual({
      status: "ok",
      message:
        "Result reviewed. Repeat triglycerides (after the result of 20 Nov 2026) is listed under Monitoring as completed: a result of this test collected 22 Nov 2026 is already on file.",
    });
    expect((await storedRepeats(p.id)).map((i) => iso(i.completedOn))).toEqual(["2026-11-22"]);
  });

  it("is waived like any item once open", async () => {
    const { derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "3" });
    const [item] = await storedRepeats(p.id);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: item!.itemKey, reason: "Repeated at the hospital" }))).toEqual({
      status: "ok",
      message: "Item waived.",
    });
    expect((await storedRepeats(p.id)).map((i) => i.waived)).toEqual([true]);
  });

  it("stays with the result when a copy of it takes the voided record's place", async () => {
    const { nurse, derm, p, result } = await abnormalTriglyceride();
    await labSendsSameResult(nurse, p);
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: result.id } });
    actAs(derm);
    await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" });
    const [before] = await storedRepeats(p.id);
    await correctLabResult(nurse, { labResultId: result.id, reason: "The lab sent it electronically" }, TODAY);
    expect((await storedRepeats(p.id)).map((i) => [i.itemKey, iso(i.dueDate)])).toEqual([[before!.itemKey, "2026-12-07"]]);
    expect((await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } })).labResultId).toBe(copy.id);
    const voidAudit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void" } });
    expect(voidAudit.changes).toMatchObject({ copies: { original: copy.id, repeatsCarriedOver: 1 } });
  });
});

describe("a review with Repeat test made on a copy of the result", () => {
  it("keeps the repeat listed when that copy alone is voided: the result it records stands", async () => {
    const { nurse, derm, p, result } = await abnormalTriglyceride();
    await labSendsSameResult(nurse, p);
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: result.id } });
    actAs(derm);
    // The copy's row on the patient page offers the review as the first record's does.
    expect(await review(copy.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" })).toMatchObject({ status: "ok" });
    expect((await storedRepeats(p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-07"]);
    // The copy was recorded twice: voided, the result recorded first stands, reviewed, and so does its repeat.
    await correctLabResult(nurse, { labResultId: copy.id, reason: "Recorded twice" }, TODAY);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: result.id } })).voidedAt).toBeNull();
    expect((await storedRepeats(p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-07"]);
    expect((await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => i.kind === "LAB_REPEAT")).toHaveLength(1);
  });

  it("is refused on a copy received after the result was reviewed: the review stands and one repeat is listed", async () => {
    const { nurse, derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: "14" });
    // The laboratory's copy arrives after the review: not reviewed itself, its row offers the review form.
    await labSendsSameResult(nurse, p);
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: result.id } });
    expect(copy.acknowledgedAt).toBeNull();
    expect(await review(copy.id, { reviewAction: "REPEAT_TEST", repeatInDays: "30" })).toMatchObject({
      status: "error",
      message: "This result is already reviewed where it was first recorded; that review stands.",
    });
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(1);
    expect((await storedRepeats(p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-07"]);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "lab.acknowledge" } })).toBe(1);
  });
});

describe("a review with Dose reduced", () => {
  it("changes no dose and links to the dose change of the course in progress", async () => {
    const { derm, p, result } = await abnormalTriglyceride();
    actAs(derm);
    // Started with the unreviewed result confirmed, as the start form asks.
    const start = (ack: string[]) =>
      callAction(() => startCourseAction(IDLE, startCourseForm(p.id, { startWeightKg: "60", mgPerIntake: "40", startDate: TODAY, ack })));
    expect(await sendConfirmed(start, ["RECENT_ABNORMAL_LABS"])).toEqual({ redirect: `/patients/${p.id}` });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const doses = await db().doseChange.count({ where: { courseId: course.id } });
    expect(await review(result.id, { reviewAction: "DOSE_REDUCED", note: "Reduce to 20 mg" })).toEqual({
      status: "ok",
      message: "Result reviewed. The review changes no dose: record the new dose on the course.",
      next: { href: `/patients/${p.id}#change-dose-${course.id}`, label: "Change the dose of the course started 23 Nov 2026" },
    });
    expect(await db().doseChange.count({ where: { courseId: course.id } })).toBe(doses);
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("says so when the patient has no course in progress", async () => {
    const { derm, result } = await abnormalTriglyceride();
    actAs(derm);
    expect(await review(result.id, { reviewAction: "DOSE_REDUCED" })).toEqual({
      status: "ok",
      message: "Result reviewed. This patient has no course in progress, so there is no dose to change; the review changed none.",
    });
  });
});
