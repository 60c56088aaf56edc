import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isFarFrom,
  nearestWeight,
  replacementComparison,
  replaceWeightCode,
  SAME_DAY_WEIGHT_CODE,
  sameDayDecision,
  weightFarFromRecorded,
  weightToReplace,
  WEIGHT_CHANGE_CODE,
} from "./weight-entry";

const W = (date: string, kg: number) => ({ date, grams: kg * 1000 });

describe("a weight far from the recorded ones", () => {
  it.each([
    // 67 kg recorded; 148 typed (pounds): asked. 80.4 kg is exactly a fifth more: not asked; 80.401 is.
    [148, true],
    [80.4, false],
    [80.401, true],
    [53.6, false],
    [53.599, true],
    [67, false],
  ])("67 kg recorded, %s kg entered: asked %s", (kg, asked) => {
    expect(weightFarFromRecorded([W("2026-11-15", 67)], W("2026-11-24", kg)) !== null).toBe(asked);
  });

  it("nothing recorded: nothing to compare with", () => {
    expect(weightFarFromRecorded([], W("2026-11-24", 148))).toBeNull();
  });

  it("is compared with the nearest weight in time, on either side; the earlier on a tie", () => {
    const recorded = [W("2026-01-10", 50), W("2026-06-01", 70), W("2026-11-20", 90)];
    expect(nearestWeight(recorded, "2026-05-20")).toEqual(W("2026-06-01", 70));
    expect(nearestWeight(recorded, "2026-12-01")).toEqual(W("2026-11-20", 90));
    // 28 Aug 2026 is 88 days after 1 Jun and 84 days before 20 Nov; 26 Aug is 86 days from both.
    expect(nearestWeight(recorded, "2026-08-28")).toEqual(W("2026-11-20", 90));
    expect(nearestWeight(recorded, "2026-08-26")).toEqual(W("2026-06-01", 70));
    // 60 kg back-dated to March, beside the 50 kg of January: asked (a fifth of 50 is 10).
    expect(weightFarFromRecorded(recorded, W("2026-03-01", 60.001))).toEqual(W("2026-01-10", 50));
  });

  it("a weight typed in pounds is always asked about, and so is one converted twice", () => {
    fc.assert(
      // A recorded weight, and the patient's weight today less than a fifth from it (in thousandths).
      fc.property(fc.integer({ min: 20_000, max: 250_000 }), fc.integer({ min: -199, max: 199 }), (grams, permille) => {
        const kg = Math.round((grams * (1000 + permille)) / 1000);
        const recorded = [{ date: "2026-11-01", grams }];
        expect(weightFarFromRecorded(recorded, { date: "2026-11-24", grams: Math.round(kg * 2.20462) })).not.toBeNull();
        expect(weightFarFromRecorded(recorded, { date: "2026-11-24", grams: Math.round(kg / 2.20462) })).not.toBeNull();
        // Typed right, it is not asked about.
        expect(weightFarFromRecorded(recorded, { date: "2026-11-24", grams: kg })).toBeNull();
      }),
    );
  });
});

describe("a weight that replaces an entry (a correction, or the day's weight entered again)", () => {
  const day = "2026-11-15";

  it("is compared with the last weight before its day, not with the one it replaces nor a nearer one after", () => {
    // 60 kg on 1 Nov, 61 kg on the 15th (replaced), 72 kg on the 16th: the change is measured from 1 Nov.
    const others = [W("2026-11-01", 60), W("2026-11-16", 72)];
    expect(replacementComparison(others, W(day, 62), W(day, 61))).toEqual({ weight: W("2026-11-01", 60), is: "before" });
    expect(replacementComparison(others, W(day, 62), null)).toEqual({ weight: W("2026-11-01", 60), is: "before" });
    // 73 kg is within a fifth of the 72 kg of the 16th but not of the 60 kg before: asked (5 x 13 = 65 > 60).
    expect(isFarFrom(73_000, replacementComparison(others, W(day, 73), W(day, 61))!.weight)).toBe(true);
    // A 132 typed in pounds the same morning, put right with 60: not asked (compared with the 61 kg before).
    expect(isFarFrom(60_000, replacementComparison([W("2026-11-01", 61)], W(day, 60), W(day, 132))!.weight)).toBe(false);
  });

  it("of several weights before its day, the latest; of two entries of that day, the later entered", () => {
    const others = [W("2026-10-01", 50), W("2026-11-10", 58), W("2026-11-10", 59), W("2026-11-03", 57)];
    expect(replacementComparison(others, W(day, 60), null)).toEqual({ weight: W("2026-11-10", 59), is: "before" });
  });

  it("leaves out other entries of its own day (recorded before a day had one weight)", () => {
    // 132 kg and 61 kg both live on the 15th; 62 replaces the 61: compared with the 60 kg of 1 Nov, not the 132.
    const compared = replacementComparison([W("2026-11-01", 60), W(day, 132)], W(day, 62), W(day, 61));
    expect(compared).toEqual({ weight: W("2026-11-01", 60), is: "before" });
    expect(isFarFrom(62_000, compared!.weight)).toBe(false);
    expect(replacementComparison([W(day, 132)], W(day, 62), null)).toBeNull();
  });

  it("with nothing before its day, the first weight after it; of two entries of that day, the later entered", () => {
    const others = [W("2026-12-20", 70), W("2026-11-20", 64), W("2026-11-20", 65)];
    expect(replacementComparison(others, W(day, 60), W(day, 61))).toEqual({ weight: W("2026-11-20", 65), is: "after" });
  });

  it("with no other weight: the day's weight entered again is compared with the one it replaces; a correction with nothing", () => {
    // The patient's first weight, 60 kg, entered again as 132 (pounds): asked, against the 60 kg.
    expect(replacementComparison([], W(day, 132), W(day, 60))).toEqual({ weight: W(day, 60), is: "replaced" });
    expect(isFarFrom(132_000, W(day, 60))).toBe(true);
    // A correction says the entry was wrong: 90 kg typed for 60, corrected, is not compared with the 90.
    expect(replacementComparison([], W(day, 60), null)).toBeNull();
  });

  it("a correction moved to another day is compared from that day", () => {
    const others = [W("2026-11-01", 60), W("2026-11-20", 70)];
    expect(replacementComparison(others, W("2026-11-25", 71), null)).toEqual({ weight: W("2026-11-20", 70), is: "before" });
  });
});

describe("a second weight for a day that has one", () => {
  const first = { id: "0b9a3c1e-5d2f-4a6b-8c7d-9e0f1a2b3c4d", grams: 67_000 };
  const second = { id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", grams: 68_000 };

  it("is recorded when the day has none, whatever was acknowledged", () => {
    expect(sameDayDecision([], [])).toEqual({ kind: "record" });
    expect(sameDayDecision([], [replaceWeightCode(first.id)])).toEqual({ kind: "record" });
  });

  it("asks about the weight recorded for the day until the acknowledgement names that entry, then replaces it", () => {
    expect(sameDayDecision([first], [])).toEqual({ kind: "ask", recorded: first });
    // Confirming the weight far from the others is not replacing.
    expect(sameDayDecision([first], [WEIGHT_CHANGE_CODE])).toEqual({ kind: "ask", recorded: first });
    expect(sameDayDecision([first], [WEIGHT_CHANGE_CODE, replaceWeightCode(first.id)])).toEqual({ kind: "replace", recorded: first });
    // The id in any spelling names the same entry.
    expect(sameDayDecision([first], [`${SAME_DAY_WEIGHT_CODE}:${first.id.toUpperCase()}`])).toEqual({ kind: "replace", recorded: first });
  });

  it("asks again when the entry it was asked about is no longer the day's latest (replaced meanwhile, or another day's)", () => {
    // Another nurse recorded or replaced a weight for the day after this form was asked: asked about that one.
    expect(sameDayDecision([first, second], [replaceWeightCode(first.id)])).toEqual({ kind: "ask", recorded: second });
    expect(sameDayDecision([second], [replaceWeightCode(first.id)])).toEqual({ kind: "ask", recorded: second });
    // Of two entries of the day (recorded before the day was checked), the later one entered is the one replaced.
    expect(sameDayDecision([first, second], [replaceWeightCode(second.id)])).toEqual({ kind: "replace", recorded: second });
  });

  it("reads the entry to replace from the acknowledgement, and nothing from other codes", () => {
    expect(weightToReplace([WEIGHT_CHANGE_CODE])).toBeNull();
    expect(weightToReplace([])).toBeNull();
    expect(weightToReplace([WEIGHT_CHANGE_CODE, replaceWeightCode(second.id)])).toBe(second.id);
  });
});
