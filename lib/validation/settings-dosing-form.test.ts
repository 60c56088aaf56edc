import { describe, expect, it } from "vitest";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { flatten, parseSettingsForm } from "./settings";

/** The dosing form as sent, over the settings in force by default. */
const sent = (over: Record<string, string>) => ({ kind: "DOSING", version: "1", effectiveFrom: "2026-12-01", ...flatten(DEFAULT_DOSING_SETTINGS), ...over });
const config = (over: Record<string, string>) => {
  const r = parseSettingsForm(sent(over));
  if (!r.ok) throw new Error(JSON.stringify(r.error.issues));
  return r.data.config;
};
const messages = (over: Record<string, string>) => {
  const r = parseSettingsForm(sent(over));
  return r.ok ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("the dosing form takes the class bounds in mg/kg/day", () => {
  it("shows the stored thousandths as mg/kg/day", () => {
    expect(flatten(DEFAULT_DOSING_SETTINGS)).toMatchObject({ microBelowMilli: "0.1", lowBelowMilli: "0.4", standardUpToMilli: "1" });
    expect(flatten({ ...DEFAULT_DOSING_SETTINGS, microBelowMilli: 125, standardUpToMilli: 1250 })).toMatchObject({
      microBelowMilli: "0.125",
      standardUpToMilli: "1.25",
    });
  });

  it("stores what is entered as thousandths, exactly", () => {
    expect(config({ microBelowMilli: "0.29", lowBelowMilli: " 0.35 ", standardUpToMilli: "1.1" })).toEqual({
      ...DEFAULT_DOSING_SETTINGS,
      microBelowMilli: 290,
      lowBelowMilli: 350,
      standardUpToMilli: 1100,
    });
    expect(config({ microBelowMilli: "0.057", standardUpToMilli: "2" })).toMatchObject({ microBelowMilli: 57, standardUpToMilli: 2000 });
  });

  it("refuses what is not mg/kg/day with at most three decimals, and bounds in mg/kg/day", () => {
    const enter = '"Micro-dose: below (mg/kg/day)" takes mg/kg/day with at most 3 decimals, like 0.1.';
    for (const v of ["", "abc", "0.1234", "-0.1", "1e-1", "0,1", ".1"]) expect(messages({ microBelowMilli: v }), v).toEqual({ microBelowMilli: enter });
    expect(messages({ microBelowMilli: "0.005" })).toEqual({ microBelowMilli: '"Micro-dose: below (mg/kg/day)" must be at least 0.01.' });
    // A figure from before, in thousandths: far above the bound, and said so in mg/kg/day.
    expect(messages({ microBelowMilli: "100" }).microBelowMilli).toBe('"Micro-dose: below (mg/kg/day)" must be at most 0.3.');
    expect(messages({ standardUpToMilli: "0.45", lowBelowMilli: "0.3" })).toEqual({
      standardUpToMilli: '"Standard dose: up to (mg/kg/day)" must be at least 0.5.',
    });
  });
});
