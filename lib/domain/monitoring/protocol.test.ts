import { describe, expect, it } from "vitest";
import { addDays } from "../dates";
import {
  DEFAULT_PROTOCOL,
  isActionable,
  itemSetChangeDays,
  itemStatus,
  labItems,
  protocolResolver,
  type CourseForMonitoring,
  type LabPoint,
  type PatientForMonitoring,
} from "./protocol";
import { course, labs } from "./examples";

type LabPatient = Omit<PatientForMonitoring, "pregnancy">;

const patient = (over: Partial<LabPatient> = {}): LabPatient => ({ courses: [course()], labs: [], waivers: [], ...over });
const computeMonitoringItems = (p: LabPatient, asOf: string) => labItems(p, asOf, () => DEFAULT_PROTOCOL);
const byKind = (items: ReturnType<typeof computeMonitoringItems>, kind: string) => items.filter((i) => i.kind === kind);

describe("item status", () => {
  it.each([
    ["2026-05-01", "2026-04-23", "NOT_DUE"],
    ["2026-05-01", "2026-04-24", "DUE_SOON"], // 7 days before
    ["2026-05-01", "2026-05-01", "DUE"],
    ["2026-05-01", "2026-05-15", "DUE"], // 14 days after
    ["2026-05-01", "2026-05-16", "OVERDUE"],
  ])("due %s as of %s is %s", (due, asOf, status) => {
    expect(itemStatus(due, asOf, false, false, 7, 14)).toBe(status);
  });
  it("completed and waived win over dates", () => {
    expect(itemStatus("2026-01-01", "2026-06-01", true, false, 7, 14)).toBe("COMPLETED");
    expect(itemStatus("2026-01-01", "2026-06-01", true, true, 7, 14)).toBe("WAIVED");
  });
});

describe("baseline labs", () => {
  it("a course started without baseline ALT/AST and lipids is overdue at once", () => {
    const items = computeMonitoringItems(patient(), "2026-03-03");
    expect(byKind(items, "BASELINE_LIVER")[0]).toMatchObject({ status: "OVERDUE", dueDate: "2026-03-02" });
    expect(byKind(items, "BASELINE_LIPIDS")[0]!.status).toBe("OVERDUE");
    expect(byKind(items, "BASELINE_LIVER")[0]!.reason).toContain("within 30 days before the start on 2 Mar 2026");
  });
  it("results within 30 days before the start complete them; older ones do not", () => {
    const ok = computeMonitoringItems(patient({ labs: labs("2026-02-01", "ALT", "AST", "TG", "CHOL") }), "2026-03-10");
    expect(byKind(ok, "BASELINE_LIVER")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-02-01" });
    expect(byKind(ok, "BASELINE_LIPIDS")[0]!.status).toBe("COMPLETED");
    const old = computeMonitoringItems(patient({ labs: labs("2026-01-30", "ALT", "AST") }), "2026-03-10");
    expect(byKind(old, "BASELINE_LIVER")[0]!.status).toBe("OVERDUE");
  });
  it("results collected after the start complete them late, and say so; the window's own results come first", () => {
    // Started 2 Mar 2026; ALT/AST and lipids collected 9 Mar, 7 days after the start.
    const late = computeMonitoringItems(patient({ labs: labs("2026-03-09", "ALT", "AST", "TG", "CHOL") }), "2026-03-10");
    expect(byKind(late, "BASELINE_LIVER")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-09" });
    expect(byKind(late, "BASELINE_LIVER")[0]!.reason).toBe("ALT and AST collected 9 Mar 2026, 7 days after the start (late: due within 30 days before it).");
    expect(byKind(late, "BASELINE_LIPIDS")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-09" });
    expect(byKind(late, "BASELINE_LIPIDS")[0]!.reason).toBe("Lipids collected 9 Mar 2026, 7 days after the start (late: due within 30 days before it).");
    // ALT alone after the start does not complete the liver set; AST on a later day does, on that day.
    const split = computeMonitoringItems(patient({ labs: [...labs("2026-03-04", "ALT"), ...labs("2026-03-06", "AST")] }), "2026-03-05");
    expect(byKind(split, "BASELINE_LIVER")[0]!.status).toBe("OVERDUE");
    const both = computeMonitoringItems(patient({ labs: [...labs("2026-03-04", "ALT"), ...labs("2026-03-06", "AST")] }), "2026-03-06");
    expect(byKind(both, "BASELINE_LIVER")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-06" });
    // In the window and again after the start: the window's set is the baseline.
    const twice = computeMonitoringItems(patient({ labs: [...labs("2026-02-20", "ALT", "AST"), ...labs("2026-03-09", "ALT", "AST")] }), "2026-03-10");
    expect(byKind(twice, "BASELINE_LIVER")[0]).toMatchObject({ completedOn: "2026-02-20", reason: "ALT and AST collected 20 Feb 2026." });
  });
  it("needs both analytes", () => {
    const items = computeMonitoringItems(patient({ labs: labs("2026-02-20", "ALT") }), "2026-03-10");
    expect(byKind(items, "BASELINE_LIVER")[0]!.status).toBe("OVERDUE");
  });
  it("one analyte in the window and the other after the start complete the set late, on the day of the second", () => {
    // Started 2 Mar 2026: ALT on 20 Feb (in the window), AST only on 5 Mar, 3 days after the start; triglycerides
    // on 25 Feb, cholesterol on 9 Mar, 7 days after it. Both sets are complete, late; neither is left overdue.
    const items = computeMonitoringItems(
      patient({ labs: [...labs("2026-02-20", "ALT"), ...labs("2026-03-05", "AST"), ...labs("2026-02-25", "TG"), ...labs("2026-03-09", "CHOL")] }),
      "2026-03-10",
    );
    expect(byKind(items, "BASELINE_LIVER")[0]).toMatchObject({
      status: "COMPLETED",
      completedOn: "2026-03-05",
      reason: "ALT and AST collected 5 Mar 2026, 3 days after the start (late: due within 30 days before it).",
    });
    expect(byKind(items, "BASELINE_LIPIDS")[0]).toMatchObject({
      status: "COMPLETED",
      completedOn: "2026-03-09",
      reason: "Lipids collected 9 Mar 2026, 7 days after the start (late: due within 30 days before it).",
    });
    // Before the AST, the liver set is still open.
    const before = computeMonitoringItems(patient({ labs: [...labs("2026-02-20", "ALT"), ...labs("2026-03-05", "AST")] }), "2026-03-04");
    expect(byKind(before, "BASELINE_LIVER")[0]!.status).toBe("OVERDUE");
  });
});

describe("peak-dose and periodic labs", () => {
  it("are due 8 weeks after start", () => {
    const items = computeMonitoringItems(patient(), "2026-04-20");
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ dueDate: "2026-04-27", status: "DUE_SOON" });
    expect(byKind(items, "PEAK_LABS")[0]!.reason).toBe(
      "ALT and triglycerides due 8 weeks after start on 2 Mar 2026; a set collected from 20 Apr 2026 on completes it.",
    );
  });
  it("move to 4 weeks after a later dose increase", () => {
    const items = computeMonitoringItems(patient({ courses: [course({ doseIncreaseDates: ["2026-04-13"] })] }), "2026-04-28");
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ dueDate: "2026-05-11", status: "NOT_DUE" });
    expect(byKind(items, "PEAK_LABS")[0]!.reason).toContain("after the dose increase on 13 Apr 2026");
  });
  it("labs before the moved window do not complete the peak item", () => {
    const items = computeMonitoringItems(
      patient({ courses: [course({ doseIncreaseDates: ["2026-04-13"] })], labs: labs("2026-04-27", "ALT", "TG") }),
      "2026-05-30",
    );
    expect(byKind(items, "PEAK_LABS")[0]!.status).toBe("OVERDUE");
  });
  it("an early dose increase does not bring the peak labs forward", () => {
    const items = computeMonitoringItems(patient({ courses: [course({ doseIncreaseDates: ["2026-03-09"] })] }), "2026-04-01");
    expect(byKind(items, "PEAK_LABS")[0]!.dueDate).toBe("2026-04-27");
  });
  it("then every 3 months from the last set", () => {
    const items = computeMonitoringItems(
      patient({ labs: [...labs("2026-02-20", "ALT", "AST", "TG", "CHOL"), ...labs("2026-04-28", "ALT", "TG")] }),
      "2026-07-25",
    );
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-04-28" });
    expect(byKind(items, "PERIODIC_LABS")[0]).toMatchObject({ dueDate: "2026-07-28", status: "DUE_SOON" });
    // A set between the last one and the window (here 1 Jun) does not complete it, and the reason does not say "none recorded".
    const early = computeMonitoringItems(patient({ labs: [...labs("2026-04-28", "ALT", "TG"), ...labs("2026-06-01", "ALT", "TG")] }), "2026-07-25");
    expect(byKind(early, "PERIODIC_LABS")[0]).toMatchObject({
      dueDate: "2026-07-28",
      completedOn: null,
      reason: "ALT and triglycerides due 3 months after 28 Apr 2026; a set collected from 21 Jul 2026 on completes it.",
    });
    const later = computeMonitoringItems(patient({ labs: [...labs("2026-04-28", "ALT", "TG"), ...labs("2026-07-30", "ALT", "TG")] }), "2026-11-20");
    expect(byKind(later, "PERIODIC_LABS")[0]).toMatchObject({ dueDate: "2026-10-30", status: "OVERDUE" });
  });
});

describe("protocol versions: each item by the version in force on the day it is anchored", () => {
  const from = (effectiveFrom: string, over: Partial<typeof DEFAULT_PROTOCOL>) =>
    protocolResolver([{ effectiveFrom, protocol: { ...DEFAULT_PROTOCOL, ...over } }]);
  const items = (c: CourseForMonitoring, l: LabPoint[], asOf: string, on: ReturnType<typeof from>) => labItems(patient({ courses: [c], labs: l }), asOf, on);
  const liver = (c: CourseForMonitoring, l: LabPoint[], asOf: string, on: ReturnType<typeof from>) => byKind(items(c, l, asOf, on), "BASELINE_LIVER")[0];

  it("a narrower baseline window applies to courses starting on or after its day: one started before keeps the wider one", () => {
    const narrower = from("2026-03-10", { baselineWindowDays: 7 });
    // Started 2 Mar under the 30-day window; ALT and AST 20 days before it.
    expect(liver(course(), labs("2026-02-10", "ALT", "AST"), "2026-03-20", narrower)).toMatchObject({
      status: "COMPLETED",
      completedOn: "2026-02-10",
      reason: "ALT and AST collected 10 Feb 2026.",
    });
    // Starting 16 Mar under the 7-day window; the tests 20 days before it (24 Feb) do not count.
    expect(liver(course({ startDate: "2026-03-16" }), labs("2026-02-24", "ALT", "AST"), "2026-03-20", narrower)).toMatchObject({
      status: "OVERDUE",
      completedOn: null,
      reason: "ALT and AST due within 7 days before the start on 16 Mar 2026; none recorded in that window.",
    });
  });

  it("a wider baseline window applies to courses starting on or after its day: one started before keeps the narrower one", () => {
    const wider = from("2026-03-10", { baselineWindowDays: 60 });
    // Started 2 Mar under the 30-day window: tests on 10 Jan (51 days before) do not count.
    expect(liver(course(), labs("2026-01-10", "ALT", "AST"), "2026-03-20", wider)).toMatchObject({ status: "OVERDUE", completedOn: null });
    expect(liver(course(), labs("2026-01-10", "ALT", "AST"), "2026-03-20", wider)!.reason).toContain("within 30 days before the start on 2 Mar 2026");
    // Starting 16 Mar under the 60-day window (from 15 Jan): tests on 20 Jan (55 days before) do.
    expect(liver(course({ startDate: "2026-03-16" }), labs("2026-01-20", "ALT", "AST"), "2026-03-20", wider)).toMatchObject({
      status: "COMPLETED",
      completedOn: "2026-01-20",
    });
  });

  it("the peak-dose labs follow the version of their anchor: the start, or the increase that sets the due date", () => {
    const v2 = from("2026-03-10", { peakWeeksAfterStart: 6, peakWeeksAfterIncrease: 3 });
    const peak = (c: CourseForMonitoring) => byKind(items(c, [], "2026-04-20", v2), "PEAK_LABS")[0];
    // Started 2 Mar, before the version: 8 weeks, 27 Apr.
    expect(peak(course())).toMatchObject({ dueDate: "2026-04-27" });
    expect(peak(course())!.reason).toContain("due 8 weeks after start on 2 Mar 2026");
    // Started 23 Mar, under it: 6 weeks, 4 May.
    expect(peak(course({ startDate: "2026-03-23" }))).toMatchObject({ dueDate: "2026-05-04" });
    // Started 2 Mar, increased 13 Apr under the version: 3 weeks after the increase, 4 May (later than 27 Apr).
    expect(peak(course({ doseIncreaseDates: ["2026-04-13"] }))).toMatchObject({ dueDate: "2026-05-04" });
    expect(peak(course({ doseIncreaseDates: ["2026-04-13"] }))!.reason).toContain("due 3 weeks after the dose increase on 13 Apr 2026");
  });

  it("each periodic occurrence follows the version in force on the set it counts from", () => {
    const bimonthly = from("2026-06-01", { periodicMonths: 2 });
    // Peak-dose set on 28 Apr, before the version: the next set 3 months later, 28 Jul, even as of 20 Jul.
    const first = byKind(items(course(), labs("2026-04-28", "ALT", "TG"), "2026-07-20", bimonthly), "PERIODIC_LABS");
    expect(first.map((i) => [i.dueDate, i.status])).toEqual([["2026-07-28", "NOT_DUE"]]);
    // That set collected on 28 Jul, under the version: the next 2 months later, 28 Sep.
    const next = byKind(items(course(), [...labs("2026-04-28", "ALT", "TG"), ...labs("2026-07-28", "ALT", "TG")], "2026-09-25", bimonthly), "PERIODIC_LABS");
    expect(next.map((i) => [i.dueDate, i.status, i.reason])).toEqual([
      ["2026-09-28", "DUE_SOON", "ALT and triglycerides due 2 months after 28 Jul 2026; a set collected from 21 Sep 2026 on completes it."],
    ]);
  });

  it("whether a planned course has items yet follows the baseline window in force on the day", () => {
    const wider = from("2026-05-01", { baselineWindowDays: 60 });
    const planned = course({ startDate: "2026-06-15" });
    expect(items(planned, [], "2026-04-30", wider)).toEqual([]); // 30 days ahead: from 16 May
    expect(byKind(items(planned, [], "2026-05-01", wider), "BASELINE_LIVER")[0]!.reason).toContain("within 60 days before the start on 15 Jun 2026");
  });

  it("outside itemSetChangeDays and the versions' days, consecutive days give the same items", () => {
    const v2 = from("2026-07-01", {
      baselineWindowDays: 45,
      peakWeeksAfterStart: 10,
      peakWeeksAfterIncrease: 6,
      periodicMonths: 2,
      dueSoonDays: 10,
      overdueAfterDays: 20,
    });
    const p = patient({
      courses: [
        course({ doseIncreaseDates: ["2026-07-06"] }),
        course({ id: "c2", startDate: "2026-08-20", pauses: [{ startDate: "2026-10-01", resumeDate: "2026-10-15" }] }),
      ],
      labs: [...labs("2026-02-20", "ALT", "AST", "TG", "CHOL"), ...labs("2026-04-27", "ALT", "TG")],
    });
    const shape = (asOf: string) => JSON.stringify(labItems(p, asOf, v2).map(({ status: _s, daysOverdue: _d, ...rest }) => rest));
    const changeDays = new Set(["2026-07-01", ...p.courses.flatMap((c) => [...itemSetChangeDays(c), ...itemSetChangeDays(c, v2("2026-07-01"))])]);
    for (let d = "2026-04-28"; d <= "2026-12-31"; d = addDays(d, 1)) {
      if (shape(addDays(d, -1)) !== shape(d)) expect(changeDays.has(d), `items changed on ${d}`).toBe(true);
    }
  });
});

describe("paused and ended courses follow the calendar", () => {
  const walk = (c: CourseForMonitoring, asOf: string) => computeMonitoringItems(patient({ courses: [c] }), asOf).length;
  it("a pause stops lab items on its first day, not before, and they return on the resume day", () => {
    const paused = course({ pauses: [{ startDate: "2026-06-10", resumeDate: "2026-07-01" }] });
    expect(walk(paused, "2026-06-09")).toBe(3);
    expect(walk(paused, "2026-06-10")).toBe(0);
    expect(walk(paused, "2026-06-30")).toBe(0);
    expect(walk(paused, "2026-07-01")).toBe(3);
  });
  it("an end dated ahead keeps the items until its last day", () => {
    const ending = course({ endDate: "2026-06-30" });
    expect(walk(ending, "2026-06-30")).toBe(3);
    expect(walk(ending, "2026-07-01")).toBe(0);
  });
});

describe("waivers", () => {
  it("a waived item shows who and why, and is not actionable", () => {
    const items = computeMonitoringItems(
      patient({
        waivers: [{ itemKey: "course:c1:baseline-lipids", reason: "Lipids done at outside lab", waivedBy: "Dr. A", waivedAt: "2026-03-03T10:00:00Z" }],
      }),
      "2026-03-10",
    );
    const lipids = byKind(items, "BASELINE_LIPIDS")[0]!;
    expect(lipids).toMatchObject({ status: "WAIVED", reason: "Waived: Lipids done at outside lab" });
    expect(isActionable(lipids)).toBe(false);
    expect(isActionable(byKind(items, "BASELINE_LIVER")[0]!)).toBe(true);
  });
});

describe("a waiver waives one occurrence", () => {
  const waive = (itemKey: string) => ({ itemKey, reason: "Done elsewhere", waivedBy: "Dr. A", waivedAt: "2026-05-01T10:00:00Z" });
  it("a waived peak item starts the periodic series from its due date", () => {
    const items = computeMonitoringItems(patient({ waivers: [waive("course:c1:peak")] }), "2026-07-20");
    expect(byKind(items, "PEAK_LABS")[0]!.status).toBe("WAIVED");
    expect(byKind(items, "PERIODIC_LABS").map((i) => [i.dueDate, i.status])).toEqual([["2026-07-27", "DUE_SOON"]]);
  });
  it("a waived periodic occurrence lists the next one, three months after its due date", () => {
    const p = patient({ labs: labs("2026-04-28", "ALT", "TG"), waivers: [waive("course:c1:periodic:2026-07-28")] });
    const periodic = byKind(computeMonitoringItems(p, "2026-10-25"), "PERIODIC_LABS");
    expect(periodic.map((i) => [i.dueDate, i.status])).toEqual([
      ["2026-07-28", "WAIVED"],
      ["2026-10-28", "DUE_SOON"],
    ]);
  });
});

describe("days on which the item set changes with the date alone", () => {
  // Everything about an item except what SQL derives from its dates and today (status, days overdue).
  const shape = (p: LabPatient, asOf: string) =>
    computeMonitoringItems(p, asOf).map(({ key, kind, label, courseId, dueDate, dueSoonDays, overdueAfterDays, reason, completedOn, waiver }) =>
      JSON.stringify({ key, kind, label, courseId, dueDate, dueSoonDays, overdueAfterDays, reason, completedOn, waiver }),
    );
  const patients: [string, LabPatient][] = [
    ["a planned course", patient({ courses: [course({ startDate: "2026-06-01" })] })],
    [
      "an active course with labs and an increase",
      patient({
        courses: [course({ doseIncreaseDates: ["2026-04-01"] })],
        labs: [...labs("2026-02-20", "ALT", "AST", "TG", "CHOL"), ...labs("2026-04-27", "ALT", "TG")],
      }),
    ],
    ["a course ending ahead", patient({ courses: [course({ endDate: "2026-09-10" })] })],
    [
      "a stopped course and a paused one",
      patient({
        courses: [
          course({ id: "c1", endDate: "2026-03-20" }),
          course({
            id: "c2",
            startDate: "2026-03-25",
            pauses: [
              { startDate: "2026-05-04", resumeDate: "2026-06-15" },
              { startDate: "2026-08-01", resumeDate: null },
            ],
          }),
        ],
      }),
    ],
  ];

  it.each(patients)("%s: outside itemSetChangeDays, consecutive days give the same items", (_label, p) => {
    const changeDays = new Set(p.courses.flatMap((c) => itemSetChangeDays(c)));
    let changes = 0;
    // Every lab above is dated before the walk starts, as stored labs are never in the future.
    for (let d = "2026-04-28"; d <= "2026-12-31"; d = addDays(d, 1)) {
      const same = JSON.stringify(shape(p, addDays(d, -1))) === JSON.stringify(shape(p, d));
      if (!same) {
        expect(changeDays.has(d), `${_label}: items changed on ${d}`).toBe(true);
        changes++;
      }
    }
    // Where the walk crosses a change day, the items do change there: the check above is not vacuous.
    const crossed = [...changeDays].filter((d) => d > "2026-04-28" && d <= "2026-12-31");
    expect(changes > 0).toBe(crossed.length > 0);
  });

  it("names the day a planned course enters the baseline window and the days after its end", () => {
    expect(itemSetChangeDays({ startDate: "2026-06-01", endDate: null, pauses: [] })).toEqual(["2026-05-02"]);
    expect(itemSetChangeDays({ startDate: "2026-01-05", endDate: "2026-04-10", pauses: [{ startDate: "2026-02-01", resumeDate: "2026-02-15" }] })).toEqual([
      "2025-12-06",
      "2026-02-01",
      "2026-02-15",
      "2026-04-11",
      "2026-08-09",
    ]);
  });
});
