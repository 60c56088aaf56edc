import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { getPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { flatten } from "@/lib/validation/settings";
import { confirmedPregnancy } from "./confirmed-pregnancy-fixture";
import { CLINICIAN, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/**
 * The follow-ups after a confirmed pregnancy are overdue after the days of the clinic's pregnancy-prevention settings
 * version in force on the decision's day (7 by default, the rule set's; a version may make it fewer, never more). A
 * version in force today recomputes the stored items, as any pregnancy-prevention version does; one taking effect
 * later leaves a decision made before its day as it was. Today: 23 Nov 2026.
 */
const TOMORROW = addDays(TODAY, 1);

const saveVersion = async (effectiveFrom: string, followUpOverdueAfterDays: string) =>
  saveClinicSettingsAction(
    IDLE,
    await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom, ...flatten(DEFAULT_PREGNANCY_SETTINGS), followUpOverdueAfterDays }),
  );

/** The stored follow-up items' overdue days, referral first. */
const storedDays = async (patientId: string) =>
  (await testDb().monitoringItemRow.findMany({ where: { patientId, kind: "DERM_FOLLOW_UP" }, orderBy: { itemKey: "asc" } })).map((r) => r.overdueAfterDays);

/** The statuses the worklist gives the patient's follow-ups as of a day, and the patient page's follow-up list. */
async function statuses(patientId: string, asOf: string) {
  const rows = (await getWorklist({ role: "DERMATOLOGIST" }, asOf, { kind: "DERM_FOLLOW_UP", sort: "days" })).rows.filter((r) => r.patientId === patientId);
  const listed = (await getPregnancyFollowUps(CLINICIAN, patientId, asOf))[0]!.due;
  return { worklist: rows.map((r) => r.status), page: listed.map((d) => d.status) };
}

describe("the follow-ups' overdue days are a pregnancy-prevention setting", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("a version in force on the decision's day sets them, recomputed at once; a later version does not reach an earlier decision", async () => {
    const { p } = await confirmedPregnancy();
    expect(await storedDays(p.id)).toEqual([7, 7]);
    expect(await statuses(p.id, addDays(TODAY, 3))).toEqual({ worklist: ["DUE", "DUE"], page: ["DUE", "DUE"] });

    // From today: overdue 2 days past due. Saved as the dermatologist (who may manage settings), recomputed by the job.
    expect(await saveVersion(TODAY, "2")).toMatchObject({ status: "ok" });
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([{ summaries: 0, items: expect.any(Number) }]);
    expect(await storedDays(p.id)).toEqual([2, 2]);
    expect(await statuses(p.id, addDays(TODAY, 2))).toEqual({ worklist: ["DUE", "DUE"], page: ["DUE", "DUE"] });
    expect(await statuses(p.id, addDays(TODAY, 3))).toEqual({ worklist: ["OVERDUE", "OVERDUE"], page: ["OVERDUE", "OVERDUE"] });
    const live = (await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => i.kind === "DERM_FOLLOW_UP");
    expect(live.map((i) => [i.overdueAfterDays, i.reason])).toEqual([
      [
        2,
        expect.stringMatching(
          /: due that day \(iPLEDGE REMS with the 2026 modification\), overdue from 26 Nov 2026 \(the clinic's pregnancy-prevention settings\)\.$/,
        ),
      ],
      [2, expect.stringContaining("overdue from 26 Nov 2026")],
    ]);

    // From tomorrow: 5 days. Today's decision keeps the version of its own day, now and once tomorrow's comes into force.
    expect(await saveVersion(TOMORROW, "5")).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");
    expect(await storedDays(p.id)).toEqual([2, 2]);
    expect(await runDailyRefresh(testDb(), TOMORROW)).toMatchObject({ asOf: TOMORROW, itemsForEveryPatient: true });
    expect(await storedDays(p.id)).toEqual([2, 2]);
  });

  it("a version may not make them later than the rule set's 7 days: refused, nothing saved", async () => {
    await confirmedPregnancy();
    const before = await testDb().clinicConfig.count();
    expect(await saveVersion(TODAY, "8")).toMatchObject({
      status: "error",
      fieldErrors: {
        followUpOverdueAfterDays: [
          `"Follow-up of a confirmed pregnancy overdue: days past due" cannot be longer than the programme's 7 days: a setting may tighten a rule, never loosen it.`,
        ],
      },
    });
    expect(await testDb().clinicConfig.count()).toBe(before);
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([]);
  });
});
