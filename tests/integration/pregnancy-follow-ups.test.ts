import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import {
  recordPregnancyDecisionAction,
  recordPregnancyFollowUpAction,
  voidPregnancyFollowUpAction,
} from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { FOLLOW_UP_ROLE, getPregnancyFollowUps, recordPregnancyFollowUp } from "@/lib/data/pregnancy-follow-ups";
import { getPatientTreatment } from "@/lib/data/treatment";
import { voidPregnancyFollowUp } from "@/lib/data/void-pregnancy-record";
import { addDays } from "@/lib/domain/dates";
import { FOLLOW_UP_REASON_OPEN } from "@/lib/domain/pregnancy/follow-ups";
import { IDLE } from "@/lib/validation/action-result";
import { confirmedPregnancy } from "./confirmed-pregnancy-fixture";
import { patientOnCourse } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * The follow-up after a confirmed pregnancy, through the actions, on a real database (today: 23 Nov 2026, under
 * iPLEDGE with the 2026 modification): the referral and the report to the REMS program are items until a
 * dermatologist records them; a record entered in error is voided and the item opens again.
 */
const db = () => testDb();
const DENIED = { status: "error", message: "You do not have permission to do this." };
const REFERRAL = "Refer to an obstetrician experienced in reproductive toxicity";
const REPORT = "Report the pregnancy to the REMS program (iPLEDGE)";

const followUpForm = (patientId: string, decisionId: string, over: Record<string, string> = {}) =>
  form({ patientId, decisionId, kind: "OBSTETRIC_REFERRAL", doneOn: TODAY, note: "Dr. Obi, maternal-fetal medicine", ...over });

/** The patient's follow-up items as a role reads them on the patient page. */
const followUpItems = async (role: "STAFF" | "NURSE" | "DERMATOLOGIST", patientId: string) =>
  (await getPatientMonitoring({ role }, patientId, TODAY)).filter((i) => i.kind === "DERM_FOLLOW_UP");

/** The stored items the worklist reads, by key: [label, reason, due, completed]. */
async function stored(patientId: string) {
  const rows = await db().monitoringItemRow.findMany({ where: { patientId, kind: "DERM_FOLLOW_UP" }, orderBy: { itemKey: "asc" } });
  return rows.map((r) => [r.itemKey, r.label, r.reason, r.dueDate.toISOString().slice(0, 10), r.completedOn?.toISOString().slice(0, 10) ?? null]);
}

/** What a refused call may have written: follow-up rows and their void columns, and audit rows other than refusals. */
async function written(patientId: string) {
  const [followUps, audits] = await Promise.all([
    db().pregnancyFollowUp.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db().auditEvent.count({ where: { patientId, action: { not: "access.denied" } } }),
  ]);
  return { followUps, audits };
}

describe("follow-up after a confirmed pregnancy", () => {
  it("the decision opens the referral and the report, stored under a neutral label; clinical roles read them in words, office staff not at all", async () => {
    const { p, decision } = await confirmedPregnancy();
    const referralKey = `decision:${decision.id}:follow-up-1`;
    const reportKey = `decision:${decision.id}:follow-up-2`;
    expect(await stored(p.id)).toEqual([
      [referralKey, "Dermatologist follow-up", FOLLOW_UP_REASON_OPEN, TODAY, null],
      [reportKey, "Dermatologist follow-up", FOLLOW_UP_REASON_OPEN, TODAY, null],
    ]);
    // No pregnancy test is asked of a patient known to be pregnant.
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id, kind: { startsWith: "PREG_" } } })).toBe(0);

    // The dermatologist's own items: listed for them, never for office staff (a list of them names the pregnant patients).
    expect(await followUpItems("STAFF", p.id)).toEqual([]);
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      const items = await followUpItems(role, p.id);
      expect(items.map((i) => [i.label, i.status])).toEqual([
        [REFERRAL, "DUE"],
        [REPORT, "DUE"],
      ]);
      expect(items[0]!.reason).toBe(
        `Pregnancy confirmed on 23 Nov 2026 (test of 22 Nov 2026): due that day (iPLEDGE REMS with the 2026 modification), overdue from 1 Dec 2026 (the clinic's pregnancy-prevention settings).`,
      );
    }
    // The worklist: the label in words for clinical roles, no row for office staff; overdue after 7 days.
    const rowsFor = async (role: "STAFF" | "DERMATOLOGIST", asOf: string) =>
      (await getWorklist({ role }, asOf, { kind: "DERM_FOLLOW_UP", sort: "days" })).rows
        .filter((r) => r.patientId === p.id)
        .map((r) => [r.item, r.status, r.reason]);
    expect(await rowsFor("STAFF", TODAY)).toEqual([]);
    expect(await rowsFor("DERMATOLOGIST", TODAY)).toEqual([
      [REFERRAL, "DUE", FOLLOW_UP_REASON_OPEN],
      [REPORT, "DUE", FOLLOW_UP_REASON_OPEN],
    ]);
    expect(await rowsFor("DERMATOLOGIST", addDays(TODAY, 8))).toEqual([
      [REFERRAL, "OVERDUE", FOLLOW_UP_REASON_OPEN],
      [REPORT, "OVERDUE", FOLLOW_UP_REASON_OPEN],
    ]);
    expect((await rowsFor("DERMATOLOGIST", addDays(TODAY, 7))).map((r) => r[1])).toEqual(["DUE", "DUE"]);
  });

  it("the dermatologist records the referral: completed, audited; voided as entered in error, it is open again; recorded anew", async () => {
    const { derm, p, decision } = await confirmedPregnancy();
    const done = addDays(TODAY, -1);
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { doneOn: done }))).toEqual({
      status: "ok",
      message: "Follow-up recorded.",
    });
    const record = await db().pregnancyFollowUp.findFirstOrThrow({ where: { patientId: p.id } });
    expect([record.decisionId, record.kind, record.doneOn.toISOString().slice(0, 10), record.note, record.recordedById, record.voidedAt]).toEqual([
      decision.id,
      "OBSTETRIC_REFERRAL",
      done,
      "Dr. Obi, maternal-fetal medicine",
      derm.id,
      null,
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.follow_up", entityId: record.id } });
    expect([audit.patientId, audit.actorId, audit.entityType, audit.changes]).toEqual([
      p.id,
      derm.id,
      "PregnancyFollowUp",
      { decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: done, note: "Dr. Obi, maternal-fetal medicine" },
    ]);
    const completed = (await stored(p.id)).map((r) => r[4]);
    expect(completed).toEqual([done, null]);
    expect((await followUpItems("DERMATOLOGIST", p.id)).map((i) => [i.label, i.status, i.reason])).toEqual([
      [REFERRAL, "COMPLETED", "Pregnancy confirmed on 23 Nov 2026 (test of 22 Nov 2026): recorded as done on 22 Nov 2026."],
      [REPORT, "DUE", expect.any(String)],
    ]);

    // Recorded twice: refused, nothing written.
    const before = await written(p.id);
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id))).toMatchObject({
      status: "error",
      message: "This follow-up is already recorded, as done on 22 Nov 2026. To correct it, mark that record as entered in error and record it again.",
    });
    expect(await written(p.id)).toEqual(before);

    expect(await voidPregnancyFollowUpAction(IDLE, form({ patientId: p.id, recordId: record.id, reason: "Wrong patient's referral" }))).toEqual({
      status: "ok",
      message:
        "Record marked as entered in error; it stays in the history, struck through, and counts for nothing. The follow-up is due again until it is recorded.",
    });
    const voided = await db().pregnancyFollowUp.findUniqueOrThrow({ where: { id: record.id } });
    expect([voided.voidedById, voided.voidReason, voided.voidedAt !== null]).toEqual([derm.id, "Wrong patient's referral", true]);
    const voidAudit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.follow_up_void", entityId: record.id } });
    expect([voidAudit.patientId, voidAudit.actorId, voidAudit.changes]).toEqual([
      p.id,
      derm.id,
      {
        reason: "Wrong patient's referral",
        before: { decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: done, note: "Dr. Obi, maternal-fetal medicine" },
      },
    ]);
    expect((await stored(p.id)).map((r) => r[4])).toEqual([null, null]);
    // Kept in the history, struck through; a second void changes nothing.
    const view = (await getPregnancyFollowUps(CLINICIAN, p.id, TODAY))[0]!;
    expect(view.records.map((r) => [r.id, r.voided?.reason ?? null])).toEqual([[record.id, "Wrong patient's referral"]]);
    expect(view.due.map((d) => [d.kind, d.status, d.record])).toEqual([
      ["OBSTETRIC_REFERRAL", "DUE", null],
      ["REMS_REPORT", "DUE", null],
    ]);
    expect(await voidPregnancyFollowUpAction(IDLE, form({ patientId: p.id, recordId: record.id, reason: "Again" }))).toMatchObject({
      status: "error",
      message: expect.stringContaining("already corrected or voided"),
    });

    // Recorded anew (the report too): both completed.
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id))).toMatchObject({ status: "ok" });
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { kind: "REMS_REPORT", note: "" }))).toMatchObject({ status: "ok" });
    expect((await stored(p.id)).map((r) => r[4])).toEqual([TODAY, TODAY]);
    expect((await db().pregnancyFollowUp.findFirstOrThrow({ where: { patientId: p.id, kind: "REMS_REPORT" } })).note).toBeNull();
  });

  it("nurses and office staff are refused, in the action and in the data functions, and nothing is written", async () => {
    const { derm, p, decision } = await confirmedPregnancy();
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id))).toMatchObject({ status: "ok" });
    const record = await db().pregnancyFollowUp.findFirstOrThrow({ where: { patientId: p.id } });
    const before = await written(p.id);
    for (const role of ["NURSE", "STAFF"] as const) {
      const user = await makeUser(role);
      actAs(user);
      expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { kind: "REMS_REPORT" }))).toEqual(DENIED);
      expect(await voidPregnancyFollowUpAction(IDLE, form({ patientId: p.id, recordId: record.id, reason: "Not done" }))).toEqual(DENIED);
      const actor = { id: user.id, role };
      await expect(
        recordPregnancyFollowUp(actor, { patientId: p.id, decisionId: decision.id, kind: "REMS_REPORT", doneOn: TODAY }, TODAY),
      ).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: FOLLOW_UP_ROLE,
      });
      await expect(voidPregnancyFollowUp(actor, { patientId: p.id, recordId: record.id, reason: "Not done" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "Only a dermatologist can void a follow-up record.",
      });
    }
    expect(await written(p.id)).toEqual(before);
    // Nor does a waiver close one: it is recorded, or it stays open.
    actAs(derm);
    const report = `decision:${decision.id}:follow-up-2`;
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: report, reason: "Done elsewhere" }))).toMatchObject({
      status: "error",
      message: "A follow-up closes only when a dermatologist records it under Pregnancy prevention, not with a waiver.",
    });
    expect(await db().monitoringWaiver.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("refuses a date ahead, a date before the test, another patient's or a false positive's decision, and an unchosen follow-up", async () => {
    const { p, decision } = await confirmedPregnancy();
    const before = await written(p.id);
    const fieldError = (field: string, message: string) => ({ status: "error", fieldErrors: { [field]: [message] } });
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { doneOn: addDays(TODAY, 1) }))).toMatchObject(
      fieldError("doneOn", "The date it was done cannot be in the future."),
    );
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { doneOn: addDays(TODAY, -2) }))).toMatchObject(
      fieldError("doneOn", "The follow-up cannot have been done before the test of 22 Nov 2026."),
    );
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(p.id, decision.id, { kind: "" }))).toMatchObject(
      fieldError("kind", "Choose the follow-up that was done."),
    );
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const notOnFile = { status: "error", message: "That confirmed pregnancy is not on this patient's file. Reload the page to see the latest entries." };
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(other.id, decision.id))).toMatchObject(notOnFile);
    expect(await written(p.id)).toEqual(before);

    // A false positive opens no follow-up and takes none.
    const { derm, p: q } = await patientOnCourse();
    const positive = await pregnancyTest(q.id, addDays(TODAY, -3), derm.id, "POSITIVE");
    await pregnancyTest(q.id, addDays(TODAY, -1), derm.id);
    const decide = form({ patientId: q.id, labResultId: positive.id, outcome: "FALSE_POSITIVE", reason: "Serum hCG negative" });
    expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
    const falsePositive = await db().pregnancyDecision.findFirstOrThrow({ where: { patientId: q.id } });
    expect(await recordPregnancyFollowUpAction(IDLE, followUpForm(q.id, falsePositive.id))).toMatchObject(notOnFile);
    expect(await db().monitoringItemRow.count({ where: { patientId: q.id, kind: "DERM_FOLLOW_UP" } })).toBe(0);
    expect(await db().pregnancyFollowUp.count({ where: { patientId: q.id } })).toBe(0);
  });

  it("the course the pregnancy stopped reads as stopped for it on the patient page's figures", async () => {
    const { p, course } = await confirmedPregnancy();
    const treatment = await getPatientTreatment(CLINICIAN, p.id, TODAY);
    expect(treatment.courses.map((c) => [c.id, c.status, c.pregnancyConfirmedOn])).toEqual([[course.id, "STOPPED", TODAY]]);
    // Before the decision a stopped course is just stopped.
    const { derm, p: q, course: other } = await patientOnCourse();
    const stop = form({ courseId: other.id, version: String(other.version), transition: "STOP", date: TODAY, reason: "Side effects" });
    actAs(derm);
    expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
    expect((await getPatientTreatment(CLINICIAN, q.id, TODAY)).courses.map((c) => c.pregnancyConfirmedOn)).toEqual([null]);
  });
});
