import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOCOL, labItems, type CourseForMonitoring, type LabPoint, type MonitoringProtocol } from "@/lib/domain/monitoring/protocol";
import { protocolSchema } from "@/lib/validation/settings";

/**
 * The monitoring protocol's due-soon days double as how early a set may be collected and still complete
 * the peak-dose and periodic labs items (a set "from the due date minus the due-soon days"). The settings
 * schema bounds each field alone (due soon up to 30 days, peak labs from 2 weeks, periodic labs from
 * 1 month), so a protocol it accepts can let a set collected before the start, or before the dose
 * increase, complete the peak-dose labs, and can make the periodic labs item disappear.
 * Expected dates are computed by hand below.
 */

const course = (over: Partial<CourseForMonitoring> = {}): CourseForMonitoring => ({
  id: "c1",
  startDate: "2026-03-02",
  endDate: null,
  pauses: [],
  doseIncreaseDates: [],
  ...over,
});
const labs = (date: string, ...analytes: string[]): LabPoint[] => analytes.map((analyte) => ({ analyte, specimenDate: date }));
const items = (p: MonitoringProtocol, c: CourseForMonitoring, l: LabPoint[], asOf: string) => labItems({ courses: [c], labs: l, waivers: [] }, asOf, () => p);

describe("review: monitoring protocol values the settings form accepts together", () => {
  it("a baseline set collected the day before the start does not complete the peak-dose labs", () => {
    // Peak labs 4 weeks after the start (due 2026-03-30), due soon 30 days: the set is read from 2026-02-28.
    const p = { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 4, dueSoonDays: 30 };
    const accepted = protocolSchema.safeParse(p).success;
    const peak = items(p, course(), labs("2026-03-01", "ALT", "AST", "TG", "CHOL"), "2026-03-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(peak.dueDate).toBe("2026-03-30");
    // Either the form refuses the combination, or the baseline set (collected before a single dose) is not the peak-dose set.
    expect({ accepted, completedOn: accepted ? peak.completedOn : null }).toEqual({ accepted, completedOn: null });
  });

  it("a set collected before a dose increase does not complete the peak-dose labs the increase calls for", () => {
    // Increase on 2026-05-04, peak labs 2 weeks after it: due 2026-05-18 (later than 8 weeks after the start,
    // 2026-04-27); due soon 20 days, so a set is read from 2026-04-28, before the increase.
    const p = { ...DEFAULT_PROTOCOL, peakWeeksAfterIncrease: 2, dueSoonDays: 20 };
    const accepted = protocolSchema.safeParse(p).success;
    const peak = items(p, course({ doseIncreaseDates: ["2026-05-04"] }), labs("2026-05-01", "ALT", "TG"), "2026-05-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(peak.dueDate).toBe("2026-05-18");
    expect({ accepted, completedOn: accepted ? peak.completedOn : null }).toEqual({ accepted, completedOn: null });
  });

  it("monthly periodic labs with 30 due-soon days still list the next set after one collected on the 31st", () => {
    // Peak labs (due 2026-04-27) collected late on 2026-05-31; the next set is due a month later, 2026-06-30,
    // and has not been collected: on 2026-07-20 it is overdue (14 days past 2026-06-30).
    const p = { ...DEFAULT_PROTOCOL, periodicMonths: 1, dueSoonDays: 30 };
    const accepted = protocolSchema.safeParse(p).success;
    const all = items(p, course(), labs("2026-05-31", "ALT", "TG"), "2026-07-20");
    expect(all.find((i) => i.kind === "PEAK_LABS")).toMatchObject({ dueDate: "2026-04-27", completedOn: "2026-05-31" });
    const periodic = all.filter((i) => i.kind === "PERIODIC_LABS").map((i) => ({ dueDate: i.dueDate, status: i.status }));
    expect({ accepted, periodic: accepted ? periodic : [{ dueDate: "2026-06-30", status: "OVERDUE" }] }).toEqual({
      accepted,
      periodic: [{ dueDate: "2026-06-30", status: "OVERDUE" }],
    });
  });
});
