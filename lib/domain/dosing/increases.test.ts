import { describe, expect, it } from "vitest";
import type { RegimenVersion } from "./course-input";
import { doseIncreaseDates } from "./increases";
import type { DosePattern } from "./schedule";

let seq = 0;
function version(effectiveFrom: string, mgPerIntake: number, pattern: DosePattern = { kind: "DAILY" }, extra: Partial<RegimenVersion> = {}): RegimenVersion {
  seq += 1;
  return { id: `v${seq}`, effectiveFrom, mgPerIntake, intakesPerDay: 1, pattern, sequence: seq, ...extra };
}

describe("dose increase dates (the peak-dose labs move to 4 weeks after the last)", () => {
  it("an increase of the daily-equivalent dose counts; the same dose on another pattern does not", () => {
    // 20 mg daily, then 40 mg every other day (20 mg a day: no increase), then 30 mg daily (an increase).
    const versions = [version("2026-01-05", 20), version("2026-02-02", 40, { kind: "EVERY_N_DAYS", everyNDays: 2 }), version("2026-03-02", 30)];
    expect(doseIncreaseDates(versions)).toEqual(["2026-03-02"]);
  });

  it("a dose change replaced by another entered the same day is not an increase the patient took", () => {
    // 40 mg daily from 5 Jan. On 16 Feb, 20 mg is entered, then 40 mg the same day, which replaces it (the later
    // version of a day counts): the patient stays on 40 mg daily, so nothing increased.
    const versions = [version("2026-01-05", 40), version("2026-02-16", 20), version("2026-02-16", 40)];
    expect(doseIncreaseDates(versions)).toEqual([]);
  });

  it("a same-day replacement that does raise the dose counts once", () => {
    // 20 mg daily; on 16 Feb 20 mg is entered again, then 40 mg the same day: one increase, on 16 Feb.
    const versions = [version("2026-01-05", 20), version("2026-02-16", 20), version("2026-02-16", 40)];
    expect(doseIncreaseDates(versions)).toEqual(["2026-02-16"]);
  });

  it("a correction counts in place of the version it supersedes, at its own date", () => {
    // 20 mg daily, 40 mg from 2 Feb corrected to 40 mg from 26 Jan: the increase is on 26 Jan.
    const first = version("2026-01-05", 20);
    const mistyped = version("2026-02-02", 40);
    expect(doseIncreaseDates([first, mistyped, version("2026-01-26", 40, { kind: "DAILY" }, { supersedesId: mistyped.id })])).toEqual(["2026-01-26"]);
  });
});
