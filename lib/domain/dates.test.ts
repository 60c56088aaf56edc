import { describe, expect, it } from "vitest";
import { addDays, addMonths, ageOn, dateInZone, isoWeekday, isValidIsoDate, toDay, versionInForce } from "./dates";

describe("calendar dates", () => {
  it.each([
    ["2028-02-29", true],
    ["2027-02-29", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["", false],
  ])("%s valid = %s", (s, ok) => expect(isValidIsoDate(s)).toBe(ok));

  it("adds days across a leap day and DST", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
  });

  it("clamps months to the last day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
  });

  it("knows weekdays", () => {
    expect(isoWeekday(toDay("2026-11-23"))).toBe(1); // Monday
    expect(isoWeekday(toDay("2026-11-22"))).toBe(7); // Sunday
  });

  it("gives the clinic-local calendar date of an instant", () => {
    const instant = new Date("2026-11-23T03:30:00Z");
    expect(dateInZone(instant, "America/New_York")).toBe("2026-11-22");
    expect(dateInZone(instant, "Europe/Paris")).toBe("2026-11-23");
  });

  it.each([
    ["1994-03-12", "2026-11-23", 32],
    ["1994-11-23", "2026-11-23", 32],
    ["1994-11-24", "2026-11-23", 31],
    ["2008-02-29", "2026-02-28", 17],
    ["2008-02-29", "2026-03-01", 18],
    ["2008-02-29", "2028-02-29", 20],
    ["2026-11-23", "2026-11-23", 0],
  ])("born %s, on %s: age %i", (dob, asOf, age) => expect(ageOn(dob, asOf)).toBe(age));
});

describe("the effective-dated version in force on a day", () => {
  const v = (effectiveFrom: string, version: number) => ({ effectiveFrom, version });
  it("is the latest on or before the day, the later in the list on the same day, none before the first", () => {
    const versions = [v("2026-01-01", 1), v("2026-03-01", 2), v("2026-03-01", 3), v("2026-06-01", 4)];
    expect(versionInForce(versions, "2025-12-31")).toBeUndefined();
    expect(versionInForce(versions, "2026-01-01")?.version).toBe(1);
    expect(versionInForce(versions, "2026-02-28")?.version).toBe(1);
    expect(versionInForce(versions, "2026-03-01")?.version).toBe(3);
    expect(versionInForce(versions, "2026-05-31")?.version).toBe(3);
    expect(versionInForce(versions, "2027-01-01")?.version).toBe(4);
    // Listed out of date order, a later date still wins over an earlier one listed after it.
    expect(versionInForce([v("2026-06-01", 4), v("2026-01-01", 1)], "2026-07-01")?.version).toBe(4);
  });
});
