import { describe, expect, it } from "vitest";
import { scheduleStrengthRefusal, strengthRefusal, strengthsMaking } from "./capsules";
import { checkSchedule, productById } from "./checks";

const CLARAVIS = productById("CLARAVIS")!.strengthsMg; // 10, 20, 30, 40
const AMNESTEEM = productById("AMNESTEEM")!.strengthsMg; // 10, 20, 40
const ABSORICA = productById("ABSORICA")!.strengthsMg; // 10, 20, 25, 30, 35, 40
const ABSORICA_LD = productById("ABSORICA_LD")!.strengthsMg; // 8, 16, 24, 32

describe("a prescription dispenses the one strength it names, by hand", () => {
  it.each([
    [30, CLARAVIS, [10, 30]],
    [40, AMNESTEEM, [10, 20, 40]],
    [50, ABSORICA, [10, 25]],
    [48, ABSORICA_LD, [8, 16, 24]],
    [45, ABSORICA, []],
    [25, CLARAVIS, []],
  ])("%i mg is whole capsules of one of %j: %j", (mg, strengths, expected) => {
    expect(strengthsMaking(mg, strengths)).toEqual(expected);
  });

  it("accepts a dose of whole capsules of the strength written", () => {
    expect(strengthRefusal(40, 20, CLARAVIS)).toBeNull();
    expect(strengthRefusal(20, 20, CLARAVIS)).toBeNull();
    expect(strengthRefusal(32, 8, ABSORICA_LD)).toBeNull();
  });

  it("refuses 30 mg on 20 mg capsules, naming the strengths that make it", () => {
    expect(strengthRefusal(30, 20, CLARAVIS)).toBe("30 mg is not whole 20 mg capsules: write it on 10 or 30 mg capsules.");
    expect(strengthRefusal(30, 20, AMNESTEEM)).toBe("30 mg is not whole 20 mg capsules: write it on 10 mg capsules.");
    expect(strengthRefusal(40, 32, ABSORICA_LD)).toBe("40 mg is not whole 32 mg capsules: write it on 8 mg capsules.");
    expect(strengthRefusal(60, 40, CLARAVIS)).toBe("60 mg is not whole 40 mg capsules: write it on 10, 20 or 30 mg capsules.");
  });

  it("refuses a dose no one strength makes, even where two strengths would add up to it", () => {
    // 45 mg is 20 + 25 or 10 + 35 Absorica: two strengths, which one prescription never dispenses.
    expect(strengthRefusal(45, 25, ABSORICA)).toBe(
      "45 mg is not whole capsules of any one strength of this product (10, 20, 25, 30, 35, 40 mg): a prescription dispenses one strength.",
    );
    expect(strengthRefusal(25, 20, CLARAVIS)).toBe(
      "25 mg is not whole capsules of any one strength of this product (10, 20, 30, 40 mg): a prescription dispenses one strength.",
    );
  });

  it("asks a dose change to confirm a dose that no one strength of the product makes, and no other", () => {
    const schedule = (mg: number) => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" as const } });
    // 30 mg while the latest prescription is on 20 mg capsules: the next one can be written on 10 or 30 mg.
    expect(checkSchedule(schedule(30), 60_000, 20, CLARAVIS).warnings).toEqual([]);
    expect(checkSchedule(schedule(30), 60_000, 20).warnings).toEqual([
      { code: "NOT_WHOLE_CAPSULES", message: "30 mg cannot be made from whole capsules of one 20 mg strength." },
    ]);
    expect(checkSchedule(schedule(25), 60_000, 20, CLARAVIS).warnings).toEqual([
      { code: "NOT_WHOLE_CAPSULES", message: "25 mg cannot be made from whole capsules of one 10, 20, 30, 40 mg strength." },
    ]);
    // No prescription yet to name a product: nothing to ask.
    expect(checkSchedule(schedule(25), 60_000, null).warnings).toEqual([]);
  });
});

describe("a range regimen on the strength a prescription names, by hand", () => {
  const daily = (mgPerIntake: number, mgMin?: number, mgMax?: number) => ({ mgPerIntake, range: { mgMin, mgMax } });

  it("accepts a range every dose of which is whole capsules of the strength", () => {
    expect(scheduleStrengthRefusal(daily(20, 10, 30), 10, CLARAVIS)).toBeNull();
    expect(scheduleStrengthRefusal(daily(40, 20, 40), 20, CLARAVIS)).toBeNull();
    expect(scheduleStrengthRefusal({ mgPerIntake: 20, range: { nMin: 2, nMax: 4 } }, 20, CLARAVIS)).toBeNull();
  });

  it("refuses 10-30 mg on 20 mg capsules, naming the bound and the strength that makes the whole range", () => {
    expect(scheduleStrengthRefusal(daily(20, 10, 30), 20, CLARAVIS)).toBe("The range's 10 mg is not whole 20 mg capsules: write 10-30 mg on 10 mg capsules.");
    expect(scheduleStrengthRefusal(daily(20, undefined, 30), 20, CLARAVIS)).toBe(
      "The range's 30 mg is not whole 20 mg capsules: write 20-30 mg on 10 mg capsules.",
    );
    // 25-40 mg Absorica: 25 and 40 share no strength but 5 mg, which Absorica lacks.
    expect(scheduleStrengthRefusal(daily(25, undefined, 40), 25, ABSORICA)).toBe(
      "No one strength of this product (10, 20, 25, 30, 35, 40 mg) makes every dose of 25-40 mg: a prescription dispenses one strength.",
    );
  });

  it("a fixed dose reads as it did", () => {
    expect(scheduleStrengthRefusal({ mgPerIntake: 30, range: null }, 20, CLARAVIS)).toBe(
      "30 mg is not whole 20 mg capsules: write it on 10 or 30 mg capsules.",
    );
  });
});

describe("a dose change's range on the product's strengths", () => {
  it("asks to confirm a range one of whose doses no strength of the product makes", () => {
    const range = (mgMin: number, mgMax: number) => ({ mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "DAILY" as const }, range: { mgMin, mgMax } });
    expect(checkSchedule(range(10, 30), 60_000, 20, CLARAVIS).warnings).toEqual([]);
    expect(checkSchedule(range(15, 30), 60_000, 20, CLARAVIS).warnings).toEqual([
      { code: "NOT_WHOLE_CAPSULES", message: "15 mg cannot be made from whole capsules of one 10, 20, 30, 40 mg strength." },
    ]);
  });
});
