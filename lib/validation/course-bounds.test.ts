import { describe, expect, it } from "vitest";
import { prescriptionSchema, scheduleFields } from "./course";
import { correctPaperCourseSchema, paperCourseSchema } from "./paper-course";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

/** A range regimen's bounds are labelled "at least" and "at most" on the form: the refusals say the same. */
describe("the bounds of a range regimen", () => {
  it("name the field as the form labels it", () => {
    expect(messages(scheduleFields.rangeNMin.safeParse("2026-11-24"))).toEqual(['The "at least" value must be a whole number.']);
    expect(messages(scheduleFields.rangeNMax.safeParse("40"))).toEqual(['The "at most" value must be at most 28.']);
  });
});

/** A dose is whole mg (capsules come in whole mg): a decimal or nothing is asked for in whole mg, the bounds said in mg. */
describe("the mg fields", () => {
  const fieldError = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, field: string) =>
    r.error?.issues.filter((i) => i.path[0] === field).map((i) => i.message) ?? [];

  it("ask for the dose in whole mg", () => {
    for (const typed of [".3", "0.3", "20.5", "", "twenty"])
      expect(messages(scheduleFields.mgPerIntake.safeParse(typed)), typed).toEqual(["Enter the dose in whole mg, like 20."]);
    expect(messages(scheduleFields.mgPerIntake.safeParse("0"))).toEqual(["The dose must be at least 1 mg."]);
    expect(messages(scheduleFields.mgPerIntake.safeParse("250"))).toEqual(["The dose must be at most 200 mg."]);
    expect(scheduleFields.mgPerIntake.safeParse(" 20 ")).toMatchObject({ success: true, data: 20 });
    expect(messages(scheduleFields.mgPerIntakeMin.safeParse("7.5"))).toEqual(["Enter the lowest dose in whole mg, like 20."]);
    expect(messages(scheduleFields.mgPerIntakeMax.safeParse(".3"))).toEqual(["Enter the highest dose in whole mg, like 20."]);
  });

  it("ask for a capsule strength, a paper record's dose and its total in whole mg", () => {
    expect(fieldError(prescriptionSchema.safeParse({ capsuleStrengthMg: "2.5" }), "capsuleStrengthMg")).toEqual([
      "Enter the capsule strength in whole mg, like 20.",
    ]);
    expect(fieldError(paperCourseSchema.safeParse({ period1Mg: ".3", totalMg: "7200.5" }), "period1Mg")).toEqual(["Enter the dose in whole mg, like 20."]);
    expect(fieldError(paperCourseSchema.safeParse({ totalMg: "7200.5" }), "totalMg")).toEqual(["Enter the total in whole mg, like 7200."]);
    expect(fieldError(correctPaperCourseSchema.safeParse({ totalMg: "0" }), "totalMg")).toEqual(["The total must be at least 1 mg."]);
  });
});
