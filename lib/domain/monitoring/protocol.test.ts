import { describe, expect, it } from "vitest";
import { addDays } from "../dates";
import { computeMonitoringItems, isActionable, itemSetChangeDays, itemStatus, type CourseForMonitoring, type LabPoint, type PatientForMonitoring } from "./protocol";

const course = (over: Partial<CourseForMonitoring> = {}): CourseForMonitoring => ({
  id: "c1",
  startDate: "2026-03-02",
  endDate: null,
  status: "ACTIVE",
  doseIncreaseDates: [],
  prescriptions: [{ id: "rx1", writtenOn: "2026-03-02" }],
  ...over,
});

const patient = (over: Partial<PatientForMonitoring> = {}): PatientForMonitoring => ({ canBecomePregnant: false, courses: [course()], labs: [], waivers: [], ...over });
const labs = (date: string, ...analytes: string[]): LabPoint[] => analytes.map((analyte) => ({ analyte, specimenDate: date }));
const hcg = (date: string, qualitative: "NEGATIVE" | "POSITIVE" = "NEGATIVE"): LabPoint => ({ analyte: "HCG", specimenDate: date, qualitative });
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
  it("needs both analytes", () => {
    const items = computeMonitoringItems(patient({ labs: labs("2026-02-20", "ALT") }), "2026-03-10");
    expect(byKind(items, "BASELINE_LIVER")[0]!.status).toBe("OVERDUE");
  });
});

describe("peak-dose and periodic labs", () => {
  it("are due 8 weeks after start", () => {
    const items = computeMonitoringItems(patient(), "2026-04-20");
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ dueDate: "2026-04-27", status: "DUE_SOON" });
    expect(byKind(items, "PEAK_LABS")[0]!.reason).toBe("ALT and triglycerides due 8 weeks after start on 2 Mar 2026; none recorded since 20 Apr 2026.");
  });
  it("move to 4 weeks after a later dose increase", () => {
    const items = computeMonitoringItems(patient({ courses: [course({ doseIncreaseDates: ["2026-04-13"] })] }), "2026-04-28");
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ dueDate: "2026-05-11", status: "NOT_DUE" });
    expect(byKind(items, "PEAK_LABS")[0]!.reason).toContain("after the dose increase on 13 Apr 2026");
  });
  it("labs before the moved window do not complete the peak item", () => {
    const items = computeMonitoringItems(patient({ courses: [course({ doseIncreaseDates: ["2026-04-13"] })], labs: labs("2026-04-27", "ALT", "TG") }), "2026-05-30");
    expect(byKind(items, "PEAK_LABS")[0]!.status).toBe("OVERDUE");
  });
  it("an early dose increase does not bring the peak labs forward", () => {
    const items = computeMonitoringItems(patient({ courses: [course({ doseIncreaseDates: ["2026-03-09"] })] }), "2026-04-01");
    expect(byKind(items, "PEAK_LABS")[0]!.dueDate).toBe("2026-04-27");
  });
  it("then every 3 months from the last set", () => {
    const items = computeMonitoringItems(patient({ labs: [...labs("2026-02-20", "ALT", "AST", "TG", "CHOL"), ...labs("2026-04-28", "ALT", "TG")] }), "2026-07-25");
    expect(byKind(items, "PEAK_LABS")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-04-28" });
    expect(byKind(items, "PERIODIC_LABS")[0]).toMatchObject({ dueDate: "2026-07-28", status: "DUE_SOON" });
    const later = computeMonitoringItems(patient({ labs: [...labs("2026-04-28", "ALT", "TG"), ...labs("2026-07-30", "ALT", "TG")] }), "2026-11-20");
    expect(byKind(later, "PERIODIC_LABS")[0]).toMatchObject({ dueDate: "2026-10-30", status: "OVERDUE" });
  });
});

describe("paused and ended courses", () => {
  it("a paused course generates nothing", () => {
    expect(computeMonitoringItems(patient({ courses: [course({ status: "PAUSED" })] }), "2026-06-01")).toEqual([]);
  });
  it("an ended course generates only the post-course pregnancy test", () => {
    const ended = course({ status: "COMPLETED", endDate: "2026-06-30", prescriptions: [] });
    expect(computeMonitoringItems(patient({ courses: [ended] }), "2026-07-20")).toEqual([]);
    const items = computeMonitoringItems(patient({ canBecomePregnant: true, courses: [ended] }), "2026-07-25");
    expect(items.map((i) => i.kind)).toEqual(["PREG_POST_COURSE"]);
    expect(items[0]).toMatchObject({ dueDate: "2026-07-30", status: "DUE_SOON" });
    const done = computeMonitoringItems(patient({ canBecomePregnant: true, courses: [ended], labs: [hcg("2026-07-29")] }), "2026-08-20");
    expect(done[0]!.status).toBe("COMPLETED");
  });
});

describe("pregnancy tests (iPLEDGE)", () => {
  const preg = (labsIn: LabPoint[], asOf: string, c = course()) => computeMonitoringItems(patient({ canBecomePregnant: true, courses: [c], labs: labsIn }), asOf);

  it("two negative tests before the first prescription", () => {
    expect(byKind(preg([hcg("2026-02-28")], "2026-03-03"), "PREG_SCREENING")[0]).toMatchObject({ status: "OVERDUE" });
    expect(byKind(preg([hcg("2026-02-05"), hcg("2026-02-28")], "2026-03-03"), "PREG_SCREENING")[0]).toMatchObject({ status: "COMPLETED", completedOn: "2026-02-28" });
  });
  it("a negative test within the 7 days before each prescription (day 1 + 6)", () => {
    const c = course({ prescriptions: [{ id: "rx1", writtenOn: "2026-03-02" }, { id: "rx2", writtenOn: "2026-04-01" }] });
    const status = (tests: LabPoint[], key: string) => byKind(preg(tests, "2026-04-05", c), "PREG_PRESCRIPTION").find((i) => i.key === key)!.status;
    expect(status([hcg("2026-02-24")], "rx:rx1:preg")).toBe("COMPLETED"); // 24 Feb is day 7 before 2 Mar
    expect(status([hcg("2026-03-26")], "rx:rx2:preg")).toBe("COMPLETED"); // 26 Mar is day 7 before 1 Apr
    expect(status([hcg("2026-03-25")], "rx:rx2:preg")).toBe("OVERDUE"); // day 8: outside
    expect(status([hcg("2026-04-02")], "rx:rx2:preg")).toBe("OVERDUE"); // after the prescription
  });
  it("monthly while on therapy, from the last negative test", () => {
    const items = preg([hcg("2026-02-24"), hcg("2026-02-28"), hcg("2026-04-01")], "2026-05-05");
    expect(byKind(items, "PREG_MONTHLY")[0]).toMatchObject({ dueDate: "2026-05-01", status: "DUE" });
    expect(byKind(preg([hcg("2026-04-01")], "2026-05-09"), "PREG_MONTHLY")[0]!.status).toBe("OVERDUE");
  });
  it("patients who cannot become pregnant get no pregnancy items", () => {
    expect(computeMonitoringItems(patient(), "2026-05-05").filter((i) => i.kind.startsWith("PREG"))).toEqual([]);
  });
});

describe("waivers", () => {
  it("a waived item shows who and why, and is not actionable", () => {
    const items = computeMonitoringItems(patient({ waivers: [{ itemKey: "course:c1:baseline-lipids", reason: "Lipids done at outside lab", waivedBy: "Dr. A", waivedAt: "2026-03-03T10:00:00Z" }] }), "2026-03-10");
    const lipids = byKind(items, "BASELINE_LIPIDS")[0]!;
    expect(lipids).toMatchObject({ status: "WAIVED", reason: "Waived: Lipids done at outside lab" });
    expect(isActionable(lipids)).toBe(false);
    expect(isActionable(byKind(items, "BASELINE_LIVER")[0]!)).toBe(true);
  });
});

describe("days on which the item set changes with the date alone", () => {
  // Everything about an item except what SQL derives from its dates and today (status, days overdue).
  const shape = (p: PatientForMonitoring, asOf: string) =>
    computeMonitoringItems(p, asOf).map(({ key, kind, label, courseId, dueDate, dueSoonDays, overdueAfterDays, reason, completedOn, waiver }) =>
      JSON.stringify({ key, kind, label, courseId, dueDate, dueSoonDays, overdueAfterDays, reason, completedOn, waiver }),
    );
  const patients: [string, PatientForMonitoring][] = [
    ["a planned course", patient({ canBecomePregnant: true, courses: [course({ startDate: "2026-06-01", prescriptions: [{ id: "rx1", writtenOn: "2026-06-01" }] })] })],
    ["an active course with labs and an increase", patient({ courses: [course({ doseIncreaseDates: ["2026-04-01"] })], labs: [...labs("2026-02-20", "ALT", "AST", "TG", "CHOL"), ...labs("2026-04-27", "ALT", "TG")] })],
    ["a completed course", patient({ canBecomePregnant: true, courses: [course({ status: "COMPLETED", endDate: "2026-04-10" })], labs: [hcg("2026-02-10"), hcg("2026-02-25"), hcg("2026-03-01")] })],
    ["a stopped course and a paused one", patient({ canBecomePregnant: true, courses: [course({ id: "c1", status: "STOPPED", endDate: "2026-03-20" }), course({ id: "c2", status: "PAUSED", startDate: "2026-03-25" })] })],
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
    expect(itemSetChangeDays({ startDate: "2026-06-01", endDate: null })).toEqual(["2026-05-02"]);
    expect(itemSetChangeDays({ startDate: "2026-01-05", endDate: "2026-04-10" })).toEqual(["2025-12-06", "2026-04-11", "2026-08-09"]);
  });
});
