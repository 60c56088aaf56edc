import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, countRows, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/** The dermatologist's decision on a positive test is chosen, never assumed (today: 23 Nov 2026). */
const today = TODAY;
const db = () => testDb();
const FIX = "Please correct the highlighted fields.";

describe("the dermatologist's decision on a positive test", () => {
  it("left on Choose… (or not sent) is refused with the reason, and the test still awaits a decision", async () => {
    const { derm, p } = await patientOnCourse(addDays(today, -30));
    actAs(await makeUser("NURSE"));
    const serum = (await db().labTest.findFirstOrThrow({ where: { code: "2118-8" } })).id;
    const panel = form({
      patientId: p.id,
      submissionId: randomUUID(),
      specimenDate: addDays(today, -2),
      pregnancyTestSetting: "LAB",
      [`value:${serum}`]: "POSITIVE",
    });
    expect(await recordLabPanelAction(IDLE, panel)).toMatchObject({ status: "ok" });
    // A negative test collected after the positive one: a false positive could be documented, were it chosen.
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    const positive = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    actAs(derm);
    const before = await countRows();
    const fields = { patientId: p.id, labResultId: positive.id, reason: "Serum hCG repeated" };
    for (const outcome of [{ outcome: "" }, {}] as Record<string, string>[]) {
      expect(await recordPregnancyDecisionAction(IDLE, form({ ...fields, ...outcome }))).toEqual({
        status: "error",
        message: FIX,
        fieldErrors: { outcome: ["Choose the decision: a false positive or a confirmed pregnancy."] },
        values: expect.anything(),
      });
    }
    expect(await db().pregnancyDecision.count({ where: { patientId: p.id } })).toBe(0);
    expect(await countRows()).toEqual(before);
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.undecidedTest).toMatchObject({ id: positive.id });
    // Chosen, the same form documents it.
    expect(await recordPregnancyDecisionAction(IDLE, form({ ...fields, outcome: "FALSE_POSITIVE" }))).toEqual({
      status: "ok",
      message: "Decision documented.",
    });
  });
});
