import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOCOL, labItems, type CourseForMonitoring, type LabPoint, type MonitoringProtocol } from "@/lib/domain/monitoring/protocol";
import { protocolSchema, SETTINGS } from "@/lib/validation/settings";
import { course, labs } from "@/lib/domain/monitoring/examples";

/**
 * The monitoring protocol's due-soon days double as how early a set may be collected and still complete
 * the peak-dose and periodic labs items (a set "from the due date minus the due-soon days"). Each field's
 * own bounds (due soon up to 30 days, peak labs from 2 weeks, periodic labs from 1 month) allow
 * combinations in which that window reaches back to the start, the dose increase or the last set. A new
 * version with one is refused; a version stored before that rule still reads, and the items never count
 * a set on or before an item's anchor. Expected dates are computed by hand below.
 */

const items = (p: MonitoringProtocol, c: CourseForMonitoring, l: LabPoint[], asOf: string) => labItems({ courses: [c], labs: l, waivers: [] }, asOf, () => p);
const dueSoonErrors = (p: MonitoringProtocol) => {
  const r = protocolSchema.safeParse(p);
  return r.success ? [] : r.error.issues.filter((i) => i.path.join(".") === "dueSoonDays").map((i) => i.message);
};

// Peak labs 4 weeks after the start, due soon 30 days: the window would open 2 days before the start.
const shortPeak = { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 4, dueSoonDays: 30 };
// Peak labs 2 weeks after an increase, due soon 20 days: the window would open 6 days before the increase.
const shortIncrease = { ...DEFAULT_PROTOCOL, peakWeeksAfterIncrease: 2, dueSoonDays: 20 };
// Monthly periodic labs, due soon 30 days: the window would open before the last set.
const monthly = { ...DEFAULT_PROTOCOL, periodicMonths: 1, dueSoonDays: 30 };

describe("a new protocol version: due-soon days fewer than the days to each peak-dose or periodic item", () => {
  it("refuses due-soon days reaching back to the start, an increase or the last set, on the due-soon field", () => {
    // 30 days: at least 28 (4 weeks after an increase, the default) too.
    expect(dueSoonErrors(shortPeak)).toEqual([
      '"Due soon: days before due" must be fewer than 28: the 4 weeks from the start to the peak-dose labs, or the baseline labs before the start would count as the peak-dose labs.',
      '"Due soon: days before due" must be fewer than 28: the 4 weeks from a dose increase to the peak-dose labs, or labs before the increase would count as the peak-dose labs.',
    ]);
    expect(dueSoonErrors(shortIncrease)).toEqual([
      '"Due soon: days before due" must be fewer than 14: the 2 weeks from a dose increase to the peak-dose labs, or labs before the increase would count as the peak-dose labs.',
    ]);
    // 30 days: at least 28 (4 weeks after the start) and 28 (1 month) too.
    expect(dueSoonErrors(monthly)).toEqual([
      '"Due soon: days before due" must be fewer than 28: the 4 weeks from a dose increase to the peak-dose labs, or labs before the increase would count as the peak-dose labs.',
      '"Due soon: days before due" must be fewer than 28: the 1 month (at least 28 days) between periodic labs, or one set would count for two.',
    ]);
  });

  it("accepts one day fewer, and the defaults", () => {
    expect(protocolSchema.safeParse({ ...shortPeak, dueSoonDays: 27 }).success).toBe(true);
    expect(protocolSchema.safeParse({ ...shortIncrease, dueSoonDays: 13 }).success).toBe(true);
    expect(protocolSchema.safeParse({ ...monthly, dueSoonDays: 27 }).success).toBe(true);
    expect(protocolSchema.safeParse(DEFAULT_PROTOCOL).success).toBe(true);
  });

  it("still reads a version stored before the rule", () => {
    expect(SETTINGS.MONITORING_PROTOCOL.stored.parse(monthly)).toEqual(monthly);
  });
});

describe("a version stored before the rule: no set on or before an item's anchor completes it", () => {
  it("a baseline set collected the day before the start does not complete the peak-dose labs", () => {
    // Due 2026-03-30, 4 weeks after the start; read from the day after the start, 2026-03-03.
    const peak = items(shortPeak, course(), labs("2026-03-01", "ALT", "AST", "TG", "CHOL"), "2026-03-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(peak).toMatchObject({ dueDate: "2026-03-30", completedOn: null });
    expect(peak.reason).toContain("a set collected from 3 Mar 2026 on completes it");
    // The next day's set does.
    const after = items(shortPeak, course(), labs("2026-03-03", "ALT", "TG"), "2026-03-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(after).toMatchObject({ completedOn: "2026-03-03" });
  });

  it("a set collected before a dose increase does not complete the peak-dose labs the increase calls for", () => {
    // Increase on 2026-05-04, peak labs 2 weeks after it: due 2026-05-18 (later than 8 weeks after the start,
    // 2026-04-27); read from 2026-05-05, not from 2026-04-28.
    const withIncrease = course({ doseIncreaseDates: ["2026-05-04"] });
    const peak = items(shortIncrease, withIncrease, labs("2026-05-01", "ALT", "TG"), "2026-05-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(peak).toMatchObject({ dueDate: "2026-05-18", completedOn: null });
    const onTheDay = items(shortIncrease, withIncrease, labs("2026-05-04", "ALT", "TG"), "2026-05-10").find((i) => i.kind === "PEAK_LABS")!;
    expect(onTheDay).toMatchObject({ completedOn: null });
  });

  it("monthly periodic labs with 30 due-soon days still list the next set after one collected on the 31st", () => {
    // Peak labs (due 2026-04-27) collected late on 2026-05-31; the next set is due a month later, 2026-06-30,
    // and has not been collected: on 2026-07-20 it is overdue (20 days past 2026-06-30).
    const all = items(monthly, course(), labs("2026-05-31", "ALT", "TG"), "2026-07-20");
    expect(all.find((i) => i.kind === "PEAK_LABS")).toMatchObject({ dueDate: "2026-04-27", completedOn: "2026-05-31" });
    const periodic = all.filter((i) => i.kind === "PERIODIC_LABS");
    expect(periodic.map((i) => ({ dueDate: i.dueDate, status: i.status }))).toEqual([{ dueDate: "2026-06-30", status: "OVERDUE" }]);
    expect(periodic[0]!.reason).toBe("ALT and triglycerides due 1 month after 31 May 2026; a set collected from 1 Jun 2026 on completes it.");
  });
});
