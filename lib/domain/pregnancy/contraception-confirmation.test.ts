import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  categoryOn,
  checkPrescription,
  confirmationAsked,
  recordConfirmedAt,
  type CategoryChange,
  type ContraceptionRecord,
  type PregnancyHistory,
  type RulesOn,
} from "./index";
import { build, MIXED, plus, RUNS, type Scenario } from "./generated-histories";

/*
 * Which forms ask for the confirmation of the contraception in use, and which records a counseling confirmed,
 * worked out by hand. Today is 23 Nov 2026. The patient could become pregnant until 31 Aug 2026, could not from
 * 1 Sep (a hysterectomy documented in error), and could again from 1 Nov (the entry corrected).
 */
const TODAY = "2026-11-23";
const CHANGED: { categories: CategoryChange[] } = {
  categories: [
    { category: "CAN_BECOME_PREGNANT", from: "2026-01-10" },
    { category: "CANNOT_BECOME_PREGNANT", from: "2026-09-01" },
    { category: "CAN_BECOME_PREGNANT", from: "2026-11-01" },
  ],
};
/** Could become pregnant until 31 Oct only: today she cannot. */
const UNTIL_NOVEMBER: { categories: CategoryChange[] } = {
  categories: [
    { category: "CAN_BECOME_PREGNANT", from: "2026-01-10" },
    { category: "CANNOT_BECOME_PREGNANT", from: "2026-11-01" },
  ],
};

describe("the forms ask for the confirmation by the category of the day they are dated", () => {
  it.each([
    // label, categories, form, the form's day, asked
    ["a counseling today, while she can", CHANGED, "COUNSELING", TODAY, true],
    ["a counseling back-dated to 15 Oct, when she could not", CHANGED, "COUNSELING", "2026-10-15", false],
    ["a counseling back-dated to 31 Aug, the last day she could", CHANGED, "COUNSELING", "2026-08-31", true],
    ["a counseling on 1 Sep, the first day she could not", CHANGED, "COUNSELING", "2026-09-01", false],
    ["a counseling today, when she cannot", UNTIL_NOVEMBER, "COUNSELING", TODAY, false],
    ["a counseling back-dated to 20 Oct, when she could", UNTIL_NOVEMBER, "COUNSELING", "2026-10-20", true],
    // A prescription is checked under the stricter category of its day and the day it is entered.
    ["a prescription back-dated to 15 Oct, when she could not, entered while she can", CHANGED, "PRESCRIPTION", "2026-10-15", true],
    ["a prescription back-dated to 20 Oct, when she could, entered when she cannot", UNTIL_NOVEMBER, "PRESCRIPTION", "2026-10-20", true],
    ["a prescription today, when she cannot", UNTIL_NOVEMBER, "PRESCRIPTION", TODAY, false],
    ["a prescription on 1 Nov, the first day she cannot", UNTIL_NOVEMBER, "PRESCRIPTION", "2026-11-01", false],
  ] as const)("%s: %s", (_l, offer, form, day, asked) => {
    expect(confirmationAsked(offer, form, day, TODAY)).toBe(asked);
  });

  it("before any category is documented she can become pregnant (the REMS default), so a form of that day asks", () => {
    expect(confirmationAsked(UNTIL_NOVEMBER, "COUNSELING", "2025-12-01", TODAY)).toBe(true);
    expect(confirmationAsked({ categories: [] }, "PRESCRIPTION", TODAY, TODAY)).toBe(true);
  });
});

describe("the record a counseling confirmed", () => {
  const K = (id: string, startDate: string, endDate: string | null = null): ContraceptionRecord => ({ id, method: "TWO_METHODS", startDate, endDate });
  const records = [K("pill", "2026-10-01", "2026-11-14"), K("iud", "2026-11-15")];
  it.each([
    // label, the counseling's day, the record it named, the record confirmed
    ["the record in use that day", "2026-11-20", "iud", "iud"],
    ["on the record's first day", "2026-11-15", "iud", "iud"],
    ["on the record's last day", "2026-11-14", "pill", "pill"],
    ["a record that started after it", "2026-11-10", "iud", null],
    ["a record that had ended", "2026-11-20", "pill", null],
    ["a record not among the live ones (voided)", "2026-11-20", "ring", null],
    ["none named", "2026-11-20", null, null],
  ] as const)("%s", (_l, date, named, confirmed) => {
    expect(recordConfirmedAt(records, { id: "n", date, confirmedContraceptionId: named })?.id ?? null).toBe(confirmed);
  });
});

const changeArb = fc.record({ category: fc.constantFrom("CAN_BECOME_PREGNANT" as const, "CANNOT_BECOME_PREGNANT" as const), after: fc.nat() });

const checkPrescriptionFor = (h: PregnancyHistory, courseId: string, date: string, recordedOn: string, rulesOn: RulesOn) =>
  checkPrescription(h, { courseId, date, recordedOn, daysSupply: 30, refills: 0 }, rulesOn);

describe("the prescription forms ask exactly what the prescribing check will", () => {
  it("offered on a day and entered on a later day (or the same), the confirmation is asked exactly when, with none recorded, the check refuses for want of one", () => {
    const n = { asked: 0, notAsked: 0, notTodaysCategory: 0 };
    fc.assert(
      fc.property(MIXED, fc.integer({ min: 0, max: 60 }), fc.option(changeArb, { freq: 2 }), (s0: Scenario, late, change) => {
        // No counseling confirms anything: whatever asks for a confirmation refuses for want of it. Half the time
        // the category changes after the prescription's day, on or before the day it is entered.
        const categories = change && late > 0 ? [...s0.categories, { category: change.category, rel: 1 + (change.after % late) }] : s0.categories;
        const s = { ...s0, categories, counseling: s0.counseling.map((k) => ({ ...k, confirms: null })) };
        const { d, h, course, rulesOn } = build(s);
        const today = plus(d, late);
        const refused = checkPrescriptionFor(h, course.id, d, today, rulesOn).refusals.some((r) => r.code === "CONTRACEPTION_NOT_CONFIRMED");
        const asked = confirmationAsked(h, "PRESCRIPTION", d, today);
        expect(asked).toBe(refused);
        n[asked ? "asked" : "notAsked"]++;
        // Where today's category alone would have answered otherwise: she could become pregnant on the day, not today.
        if (asked !== (categoryOn(h, today) === "CAN_BECOME_PREGNANT")) n.notTodaysCategory++;
      }),
      { numRuns: RUNS * 2 },
    );
    expect(n.asked).toBeGreaterThan(50);
    expect(n.notAsked).toBeGreaterThan(50);
    expect(n.notTodaysCategory).toBeGreaterThan(25);
  });
});
