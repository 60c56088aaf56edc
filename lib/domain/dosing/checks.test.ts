import { describe, expect, it } from "vitest";
import { checkSchedule, unconfirmedWarnings } from "./checks";
import type { Schedule } from "./schedule";

const daily = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" } });

describe("dose checks", () => {
  it.each([
    { name: "40 mg daily at 60 kg", s: daily(40), codes: [], errors: 0 },
    { name: "60 mg daily at 60 kg is exactly 1 mg/kg", s: daily(60), codes: [], errors: 0 },
    { name: "80 mg daily at 60 kg", s: daily(80), codes: ["DAILY_EQUIVALENT_ABOVE_1_MG_KG"], errors: 0 },
    { name: "130 mg daily at 60 kg is refused", s: daily(130), codes: [], errors: 1 },
    {
      name: "160 mg every other day: 1.33 daily-equivalent, 2.67 on dosing days",
      s: { mgPerIntake: 160, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } } as Schedule,
      codes: ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG"],
      errors: 0,
    },
    { name: "30 mg with 20 mg capsules", s: daily(30), codes: ["NOT_WHOLE_CAPSULES"], errors: 0, capsule: 20 },
  ])("$name", ({ s, codes, errors, capsule }) => {
    const r = checkSchedule(s, 60_000, capsule ?? 10);
    expect(r.warnings.map((w) => w.code)).toEqual(codes);
    expect(r.errors).toHaveLength(errors);
  });

  it("filters acknowledged warnings", () => {
    const r = checkSchedule(daily(80), 60_000, 20);
    expect(unconfirmedWarnings(r, ["DAILY_EQUIVALENT_ABOVE_1_MG_KG"])).toEqual([]);
  });
});
