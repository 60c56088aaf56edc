import { describe, expect, it } from "vitest";
import { isDermatologistOnly } from "../monitoring/items";
import { computeMonitoringItems, DEFAULT_PROTOCOL } from "../monitoring/protocol";
import { CANNOT, course, EU, history, items, NAME_2021, NAME_2026, NAME_EU, one, rulesOn, settings, t, treated, US, WAIVE } from "./examples";
import { clinicalItemLabel, FOLLOW_UP_REASON_OPEN, followUpKey, followUpOfKey, pregnancyEndedCourseOn } from "./follow-ups";
import type { Clearance, FollowUpRecord, PregnancyHistory } from "./history";
import { isDermatologistOnlyKey, pregnancyItems } from "./monitoring";
import { EU_PPP, rulesResolver, US_IPLEDGE_2021, US_IPLEDGE_2026 } from "./rules";

/**
 * After a confirmed pregnancy: the referral (every rule set) and the report to the REMS program (iPLEDGE),
 * due on the decision's day, overdue once 7 days have passed, completed by a record (docs/DOMAIN.md, "How the product
 * applies these rule sets"). Course c1 from 2 Mar; a positive test on 20 Apr, confirmed on 22 Apr.
 */
const POSITIVE = t("2026-04-20", "LAB", "POSITIVE", "p1");
const CONFIRMED: Clearance = { id: "d1", testId: "p1", decidedOn: "2026-04-22", outcome: "PREGNANCY_CONFIRMED" };
const REFERRAL = followUpKey("d1", "OBSTETRIC_REFERRAL");
const REPORT = followUpKey("d1", "REMS_REPORT");
const done = (kind: FollowUpRecord["kind"], doneOn: string, decisionId = "d1"): FollowUpRecord => ({ id: `f-${kind}-${doneOn}`, decisionId, kind, doneOn });
/** The course stopped on 21 Apr, the pregnancy confirmed, follow-ups as given. */
const pregnant = (followUps: FollowUpRecord[] = [], extra: Partial<PregnancyHistory> = {}) =>
  treated({ endDate: "2026-04-21" }, { tests: [t("2026-02-05"), t("2026-02-27"), t("2026-03-30"), POSITIVE], clearances: [CONFIRMED], followUps, ...extra });
const followUps = (h: PregnancyHistory, asOf: string, over = US) => items(h, asOf, over).filter((i) => i.kind === "DERM_FOLLOW_UP");
const summary = (h: PregnancyHistory, asOf: string, over = US) =>
  followUps(h, asOf, over).map((i) => [i.key, i.dueDate, i.status, i.completedOn, i.clinical?.label]);

describe("follow-up items after a confirmed pregnancy", () => {
  it("iPLEDGE: the referral and the report to the REMS program, due on the decision's day, with no pregnancy test asked for", () => {
    const list = items(pregnant(), "2026-04-22");
    expect(list.map((i) => i.kind)).toEqual(["DERM_FOLLOW_UP", "DERM_FOLLOW_UP"]);
    expect(summary(pregnant(), "2026-04-22")).toEqual([
      [REFERRAL, "2026-04-22", "DUE", null, "Refer to an obstetrician experienced in reproductive toxicity"],
      [REPORT, "2026-04-22", "DUE", null, "Report the pregnancy to the REMS program (iPLEDGE)"],
    ]);
    const referral = one(list, REFERRAL);
    // What every role reads (and the worklist stores) names nothing; the clinical words are apart.
    expect([referral.label, referral.reason, referral.courseId]).toEqual(["Dermatologist follow-up", FOLLOW_UP_REASON_OPEN, null]);
    expect(referral.clinical!.reason).toBe(
      `Pregnancy confirmed on 22 Apr 2026 (test of 20 Apr 2026): due that day (${NAME_2021}), overdue from 30 Apr 2026 (the clinic's pregnancy-prevention settings).`,
    );
    expect(referral.overdueAfterDays).toBe(7);
  });

  it.each([
    ["2026-04-29", "DUE"],
    ["2026-04-30", "OVERDUE"],
    ["2026-09-01", "OVERDUE"],
  ])("as of %s an unrecorded follow-up is %s (overdue after 7 days)", (asOf, status) => {
    expect(followUps(pregnant(), asOf).map((i) => i.status)).toEqual([status, status]);
  });

  // The clinic's settings: a version from 22 Apr makes follow-ups overdue after 2 days; one from 1 May, after 5.
  const versions = rulesResolver([
    { effectiveFrom: "2020-01-01", settings: settings() },
    { effectiveFrom: "2026-04-22", settings: settings({ followUpOverdueAfterDays: 2 }) },
    { effectiveFrom: "2026-05-01", settings: settings({ followUpOverdueAfterDays: 5 }) },
  ]);
  const decidedOn = (day: string) => pregnant([], { clearances: [{ ...CONFIRMED, decidedOn: day }] });
  const underVersions = (h: PregnancyHistory, asOf: string) =>
    pregnancyItems(h, asOf, versions, [])
      .filter((i) => i.kind === "DERM_FOLLOW_UP")
      .map((i) => [i.overdueAfterDays, i.status]);

  it.each([
    ["2026-04-21", "2026-04-28", 7, "DUE"],
    ["2026-04-21", "2026-04-29", 7, "OVERDUE"],
    ["2026-04-22", "2026-04-24", 2, "DUE"],
    ["2026-04-22", "2026-04-25", 2, "OVERDUE"],
    ["2026-05-01", "2026-05-06", 5, "DUE"],
    ["2026-05-01", "2026-05-07", 5, "OVERDUE"],
  ])("confirmed on %s, as of %s: overdue after the %s days of the settings version in force on the decision's day (%s)", (day, asOf, after, status) => {
    expect(underVersions(decidedOn(day), asOf)).toEqual([
      [after, status],
      [after, status],
    ]);
  });

  it("the clinical reason gives the days in force on the decision's day; a later version changes nothing for an earlier decision", () => {
    const item = pregnancyItems(decidedOn("2026-04-22"), "2026-06-01", versions, []).find((i) => i.key === REFERRAL)!;
    expect(item.clinical!.reason).toBe(
      `Pregnancy confirmed on 22 Apr 2026 (test of 20 Apr 2026): due that day (${NAME_2021}), overdue from 25 Apr 2026 (the clinic's pregnancy-prevention settings).`,
    );
  });

  it("overdue from the next day when the clinic allows no days: said as that day, never as 0 days after", () => {
    const atOnce = rulesResolver([{ effectiveFrom: "2020-01-01", settings: settings({ followUpOverdueAfterDays: 0 }) }]);
    const referral = (asOf: string) => pregnancyItems(decidedOn("2026-04-22"), asOf, atOnce, []).find((i) => i.key === REFERRAL)!;
    expect([referral("2026-04-22").status, referral("2026-04-23").status]).toEqual(["DUE", "OVERDUE"]);
    expect(referral("2026-04-22").clinical!.reason).toBe(
      `Pregnancy confirmed on 22 Apr 2026 (test of 20 Apr 2026): due that day (${NAME_2021}), overdue from 23 Apr 2026 (the clinic's pregnancy-prevention settings).`,
    );
  });

  it("a record completes its own follow-up only, on the day it was done; the other stays open", () => {
    const list = followUps(pregnant([done("OBSTETRIC_REFERRAL", "2026-04-24")]), "2026-05-01");
    expect(list.map((i) => [i.key, i.status, i.completedOn])).toEqual([
      [REFERRAL, "COMPLETED", "2026-04-24"],
      [REPORT, "OVERDUE", null],
    ]);
    expect(one(list, REFERRAL).reason).toBe("Recorded by a dermatologist as done on 24 Apr 2026.");
    expect(one(list, REFERRAL).clinical!.reason).toBe("Pregnancy confirmed on 22 Apr 2026 (test of 20 Apr 2026): recorded as done on 24 Apr 2026.");
  });

  it("a record voided as entered in error is left out of the history: the item is open again", () => {
    const recorded = pregnant([done("OBSTETRIC_REFERRAL", "2026-04-24"), done("REMS_REPORT", "2026-04-23")]);
    expect(followUps(recorded, "2026-05-01").map((i) => i.status)).toEqual(["COMPLETED", "COMPLETED"]);
    // The loader leaves voided records out (lib/data/pregnancy-history.ts): the history is as if never recorded.
    const voided = { ...recorded, followUps: recorded.followUps!.filter((f) => f.kind !== "REMS_REPORT") };
    expect(followUps(voided, "2026-05-01").map((i) => [i.key, i.status])).toEqual([
      [REFERRAL, "COMPLETED"],
      [REPORT, "OVERDUE"],
    ]);
  });

  it("a record of another decision completes nothing here", () => {
    expect(followUps(pregnant([done("OBSTETRIC_REFERRAL", "2026-04-24", "d2")]), "2026-04-25").map((i) => i.status)).toEqual(["DUE", "DUE"]);
  });

  it("the EU/UK programme asks for the referral only: there is no REMS to report to", () => {
    expect(summary(pregnant(), "2026-04-22", EU)).toEqual([
      [REFERRAL, "2026-04-22", "DUE", null, "Refer to an obstetrician experienced in reproductive toxicity"],
    ]);
    expect(followUps(pregnant(), "2026-04-22", EU)[0]!.clinical!.reason).toContain(NAME_EU);
  });

  it("under the 2026 modification the report is still asked for, by the rule set in force on the decision's day", () => {
    const h = pregnant([], { clearances: [{ ...CONFIRMED, decidedOn: "2026-09-02" }] });
    const list = followUps(h, "2026-09-02");
    expect(list.map((i) => i.key)).toEqual([REFERRAL, REPORT]);
    expect(list[0]!.clinical!.reason).toContain(NAME_2026);
  });

  it("a false positive opens none; a decision not yet stored (no id) opens none", () => {
    expect(followUps(pregnant([], { clearances: [{ ...CONFIRMED, outcome: "FALSE_POSITIVE" }] }), "2026-04-22")).toEqual([]);
    expect(followUps(pregnant([], { clearances: [{ testId: "p1", decidedOn: "2026-04-22", outcome: "PREGNANCY_CONFIRMED" }] }), "2026-04-22")).toEqual([]);
  });

  it("they stay whatever follows: a later negative test, a change of category, another positive test awaiting review", () => {
    const ended = pregnant([], { tests: [POSITIVE, t("2026-06-01")] });
    expect(followUps(ended, "2026-06-02").map((i) => i.status)).toEqual(["OVERDUE", "OVERDUE"]);
    const cannot = pregnant([], { categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-05-01" }] });
    expect(followUps(cannot, "2026-05-02").map((i) => i.key)).toEqual([REFERRAL, REPORT]);
    expect(items(pregnant([], { categories: CANNOT }), "2026-04-22").map((i) => i.kind)).toEqual(["DERM_FOLLOW_UP", "DERM_FOLLOW_UP"]);
    const review = pregnant([], { tests: [POSITIVE, t("2026-06-01"), t("2026-07-01", "LAB", "INDETERMINATE", "p2")] });
    expect(items(review, "2026-07-02").map((i) => i.kind)).toEqual(["PREG_REVIEW", "DERM_FOLLOW_UP", "DERM_FOLLOW_UP"]);
  });

  it("an item's key says it is the dermatologist's own exactly when its kind does (an outreach note keeps only the key)", () => {
    const review = pregnant([], { tests: [POSITIVE, t("2026-06-01"), t("2026-07-01", "LAB", "INDETERMINATE", "p2")] });
    const all = [...items(review, "2026-07-02"), ...items(treated(), "2026-04-20")];
    expect(new Set(all.map((i) => i.kind))).toEqual(new Set(["PREG_REVIEW", "DERM_FOLLOW_UP", "PREG_SCREENING", "PREG_PRESCRIPTION", "PREG_MONTHLY"]));
    for (const i of all) expect(isDermatologistOnlyKey(i.key), i.key).toBe(isDermatologistOnly(i.kind));
  });

  it("a waiver naming a follow-up (not offered, and refused by the data layer) reads as waived to every role", () => {
    const item = one(items(pregnant(), "2026-04-23", US, [WAIVE(REFERRAL)]), REFERRAL);
    expect([item.status, item.reason, item.clinical!.reason]).toEqual([
      "WAIVED",
      "Waived by a dermatologist; the reason is in the clinical record.",
      "Waived by a dermatologist; the reason is in the clinical record.",
    ]);
  });

  it("reach the protocol's item list, for a patient with no course", () => {
    const h: PregnancyHistory = history({ courses: [], tests: [POSITIVE], clearances: [CONFIRMED] });
    const list = computeMonitoringItems({ courses: [], labs: [], waivers: [], pregnancy: h }, "2026-04-22", () => DEFAULT_PROTOCOL, rulesOn(US));
    expect(list.map((i) => i.key)).toEqual([REFERRAL, REPORT]);
  });

  it("the rule data: both follow-ups under iPLEDGE, the referral under the PPP, overdue after 7 days, each with its source", () => {
    expect([US_IPLEDGE_2021, US_IPLEDGE_2026, EU_PPP].map((r) => [r.confirmedPregnancyFollowUps, r.followUpOverdueAfterDays])).toEqual([
      [["OBSTETRIC_REFERRAL", "REMS_REPORT"], 7],
      [["OBSTETRIC_REFERRAL", "REMS_REPORT"], 7],
      [["OBSTETRIC_REFERRAL"], 7],
    ]);
    for (const r of [US_IPLEDGE_2021, US_IPLEDGE_2026, EU_PPP]) expect(r.sources.confirmedPregnancyFollowUps).toBeTruthy();
  });
});

describe("item keys name no follow-up", () => {
  it("an opaque key gives back its follow-up, and the clinical label for clinical roles", () => {
    expect([REFERRAL, REPORT]).toEqual(["decision:d1:follow-up-1", "decision:d1:follow-up-2"]);
    expect([followUpOfKey(REFERRAL), followUpOfKey(REPORT), followUpOfKey("course:c1:preg-post"), followUpOfKey("decision:d1:follow-up-3")]).toEqual([
      "OBSTETRIC_REFERRAL",
      "REMS_REPORT",
      null,
      null,
    ]);
    expect(clinicalItemLabel(REPORT, "Dermatologist follow-up")).toBe("Report the pregnancy to the REMS program (iPLEDGE)");
    expect(clinicalItemLabel("course:c1:preg-post", "Pregnancy test after the course")).toBe("Pregnancy test after the course");
  });
});

describe("a course a confirmed pregnancy ended", () => {
  const confirmed = [{ testDate: "2026-04-20", decidedOn: "2026-04-22" }];
  const c = (over: Partial<{ startDate: string; endDate: string | null; paperRecord: boolean }> = {}) => ({
    ...course({ startDate: "2026-03-02", endDate: "2026-04-21" }),
    ...over,
  });

  it.each([
    ["in progress on the test's day, ended since", c(), "2026-04-22"],
    ["ended on the test's day", c({ endDate: "2026-04-20" }), "2026-04-22"],
    ["ended the day before the test (a post-course test, or a last day put earlier)", c({ endDate: "2026-04-19" }), null],
    ["still open", c({ endDate: null }), null],
    ["started after the test", c({ startDate: "2026-04-21", endDate: "2026-04-21" }), null],
    ["from paper records", c({ paperRecord: true }), null],
  ])("%s", (_what, courseRecord, expected) => {
    expect(pregnancyEndedCourseOn(courseRecord, confirmed, "2026-05-01")).toBe(expected);
  });

  it("not before the decision, nor while its last day is still ahead", () => {
    expect(pregnancyEndedCourseOn(c(), confirmed, "2026-04-21")).toBeNull();
    expect(pregnancyEndedCourseOn(c({ endDate: "2026-05-10" }), confirmed, "2026-05-01")).toBeNull();
    expect(pregnancyEndedCourseOn(c(), [], "2026-05-01")).toBeNull();
  });
});
