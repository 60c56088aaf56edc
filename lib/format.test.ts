import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatDateOfBirth, formatKg, formatKgAsEntered, formatMg, formatMgPerKg, formatPercent, parseDisplayedDate } from "./format";

describe("display formatting", () => {
  it("rounds mg to whole numbers with thousands separators", () => {
    expect(formatMg(7080)).toBe("7,080 mg");
    expect(formatMg(12_345.6)).toBe("12,346 mg");
    expect(formatMg(0)).toBe("0 mg");
  });
  it("shows mg/kg with exactly one decimal", () => {
    expect(formatMgPerKg(119.96)).toBe("120.0 mg/kg");
    expect(formatMgPerKg(5.2381)).toBe("5.2 mg/kg");
    expect(formatMgPerKg(1234.56)).toBe("1,234.6 mg/kg");
  });
  it("shows kg with up to one decimal", () => {
    expect(formatKg(61_500)).toBe("61.5 kg");
    expect(formatKg(60_000)).toBe("60 kg");
    expect(formatKg(58_040)).toBe("58 kg");
  });
  it("shows a weight as entered to the gram where a figure divides by it", () => {
    expect(formatKgAsEntered(59_950)).toBe("59.95 kg");
    expect(formatKgAsEntered(59_999)).toBe("59.999 kg");
    expect(formatKgAsEntered(60_000)).toBe("60 kg");
  });
  it("shows calendar dates as day, short month and year, and a dash for none", () => {
    expect(formatDate("2026-11-22")).toBe("22 Nov 2026");
    expect(formatDate("2027-01-05")).toBe("5 Jan 2027");
    expect(formatDate(null)).toBe("—");
    expect(formatPercent(89.6)).toBe("90%");
  });
});

describe("a date typed as it is shown", () => {
  it.each([
    ["12 Mar 1994", "1994-03-12"],
    ["12 march 1994", "1994-03-12"],
    ["1 DEC 2026", "2026-12-01"],
    ["29 Feb 1988", "1988-02-29"],
  ])("%s reads %s", (text, iso) => {
    expect(parseDisplayedDate(text)).toBe(iso);
  });

  it.each(["12 Mrz 1994", "Mar 12 1994", "12-03-1994", "", "12 Ma 1994"])("%j is not one", (text) => {
    expect(parseDisplayedDate(text)).toBeNull();
  });

  it("reads back every date it formats", () => {
    for (const iso of ["2026-01-05", "1994-03-12", "2000-12-31"]) expect(parseDisplayedDate(formatDate(iso))).toBe(iso);
  });

  it("shows a date of birth with the age it gives on the day", () => {
    expect(formatDateOfBirth("1994-03-12", "2026-11-23")).toBe("12 Mar 1994 (age 32)");
    expect(formatDateOfBirth("2008-11-24", "2026-11-23")).toBe("24 Nov 2008 (age 17)");
  });

  it("puts a count's noun in the right number", () => {
    expect(formatCount(1, "result")).toBe("1 result");
    expect(formatCount(0, "result")).toBe("0 results");
    expect(formatCount(2, "entry", "entries")).toBe("2 entries");
    expect(formatCount(1200, "patient")).toBe("1,200 patients");
  });
});
