import { describe, expect, it } from "vitest";
import { beforeBirthProblem, isBeforeBirth } from "./date-of-birth";

describe("a measurement or specimen date against the date of birth", () => {
  it.each([
    ["1990-01-01", true],
    ["2003-06-14", true],
    ["2003-06-15", false],
    ["2003-06-16", false],
    ["2026-11-15", false],
  ])("%s, for a patient born 15 Jun 2003, is before the birth: %s", (date, before) => {
    expect(isBeforeBirth(date, "2003-06-15")).toBe(before);
    expect(beforeBirthProblem(date, "2003-06-15")).toBe(before ? "The date is before the patient's date of birth (15 Jun 2003)." : null);
  });

  it("reads the calendar, not the text: a year before 1000 and the last day of a year", () => {
    expect(isBeforeBirth("0999-12-31", "2003-06-15")).toBe(true);
    expect(isBeforeBirth("2003-12-31", "2004-01-01")).toBe(true);
    expect(beforeBirthProblem("2003-12-31", "2004-01-01")).toBe("The date is before the patient's date of birth (1 Jan 2004).");
  });
});
