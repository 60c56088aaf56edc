import { describe, expect, it } from "vitest";
import { recentLabWarning, type RecentLab } from "./recent-labs";

const fmt = (d: string) => d;
const lab = (specimenDate: string, over: Partial<RecentLab> = {}): RecentLab => ({
  name: "Triglycerides",
  specimenDate,
  flag: "HIGH",
  value: "620 mg/dL",
  reviewed: true,
  ...over,
});

describe("the recent-labs warning before a course start", () => {
  it("names abnormal results from the baseline window before the start, not older ones and not normal ones", () => {
    // Start 2026-12-01 after today 2026-11-23: the window runs from 30 days before today (2026-10-24) to the start.
    const labs = [
      lab("2026-10-23"),
      lab("2026-10-24"),
      lab("2026-11-30", { flag: "NORMAL" }),
      lab("2026-12-01", { name: "ALT", value: "95 U/L", reviewed: false }),
    ];
    expect(recentLabWarning(labs, "2026-12-01", "2026-11-23", 30, fmt)).toEqual({
      code: "RECENT_ABNORMAL_LABS",
      message: "Abnormal lab results in the 30 days before the start: ALT 95 U/L (high, 2026-12-01, not reviewed); Triglycerides 620 mg/dL (high, 2026-10-24).",
    });
  });

  it("follows the clinic's window: 60 days reaches a result 50 days back, 30 days does not", () => {
    const labs = [lab("2026-10-04")];
    expect(recentLabWarning(labs, "2026-11-23", "2026-11-23", 30, fmt)).toBeNull();
    expect(recentLabWarning(labs, "2026-11-23", "2026-11-23", 60, fmt)?.message).toBe(
      "Abnormal lab results in the 60 days before the start: Triglycerides 620 mg/dL (high, 2026-10-04).",
    );
  });

  it("says the results of one day in one order, whatever order they are read in (a confirmation confirms its text)", () => {
    const day = [
      lab("2026-11-20", { name: "Triglycerides", value: "620 mg/dL" }),
      lab("2026-11-20", { name: "ALT", value: "95 U/L", reviewed: false }),
      lab("2026-11-20", { name: "Cholesterol", value: "310 mg/dL" }),
    ];
    const expected =
      "Abnormal lab results in the 30 days before the start: ALT 95 U/L (high, 2026-11-20, not reviewed); " +
      "Cholesterol 310 mg/dL (high, 2026-11-20); Triglycerides 620 mg/dL (high, 2026-11-20).";
    for (const order of [day, [...day].reverse(), [day[1]!, day[2]!, day[0]!]])
      expect(recentLabWarning(order, "2026-11-23", "2026-11-23", 30, fmt)?.message).toBe(expected);
  });
});
