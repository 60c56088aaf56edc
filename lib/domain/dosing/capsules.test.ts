import { describe, expect, it } from "vitest";
import { capsulesFor, describeCapsules } from "./capsules";
import { checkSchedule, productById } from "./checks";

const CLARAVIS = productById("CLARAVIS")!.strengthsMg; // 10, 20, 30, 40
const ABSORICA_LD = productById("ABSORICA_LD")!.strengthsMg; // 8, 16, 24, 32

describe("capsules per intake, by hand", () => {
  it.each([
    [30, CLARAVIS, "1 × 30 mg"],
    [50, CLARAVIS, "1 × 10 mg + 1 × 40 mg"],
    [60, CLARAVIS, "1 × 20 mg + 1 × 40 mg"],
    [80, CLARAVIS, "2 × 40 mg"],
    [40, ABSORICA_LD, "1 × 8 mg + 1 × 32 mg"],
    [48, ABSORICA_LD, "1 × 16 mg + 1 × 32 mg"],
    [30, [10, 20], "1 × 10 mg + 1 × 20 mg"],
  ])("%i mg from %j: %s", (mg, strengths, expected) => {
    expect(describeCapsules(capsulesFor(mg, strengths)!)).toBe(expected);
  });

  it.each([
    [25, CLARAVIS],
    [12, ABSORICA_LD],
    [5, [10, 20]],
  ])("%i mg cannot be made from %j", (mg, strengths) => {
    expect(capsulesFor(mg, strengths)).toBeNull();
  });

  it("a dose the product's strengths combine to needs no confirmation; one they cannot make does", () => {
    const schedule = (mg: number) => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" as const } });
    // 30 mg on 20 mg capsules: 10 + 20 of the same product.
    expect(checkSchedule(schedule(30), 60_000, 20, [10, 20]).warnings.map((w) => w.code)).toEqual([]);
    expect(checkSchedule(schedule(30), 60_000, 20).warnings.map((w) => w.code)).toEqual(["NOT_WHOLE_CAPSULES"]);
    expect(checkSchedule(schedule(25), 60_000, 20, CLARAVIS).warnings.map((w) => w.code)).toEqual(["NOT_WHOLE_CAPSULES"]);
  });
});
