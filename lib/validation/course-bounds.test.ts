import { describe, expect, it } from "vitest";
import { scheduleFields } from "./course";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

/** A range regimen's bounds are labelled "at least" and "at most" on the form: the refusals say the same. */
describe("the bounds of a range regimen", () => {
  it("name the field as the form labels it", () => {
    expect(messages(scheduleFields.rangeNMin.safeParse("2026-11-24"))).toEqual(['The "at least" value must be a whole number.']);
    expect(messages(scheduleFields.rangeNMax.safeParse("40"))).toEqual(['The "at most" value must be at most 28.']);
  });
});
