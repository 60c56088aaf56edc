import { describe, expect, it } from "vitest";
import { timeAxis } from "./chart-axis";
import { fromDay, toDay } from "./domain/dates";

const dates = (ticks: number[]) => ticks.map(fromDay);

describe("a chart's time axis", () => {
  it("spaces dates by time: a 10-week course ticks on the 1st of each month", () => {
    const axis = timeAxis(["2026-09-14", "2026-10-01", "2026-11-23"]);
    expect(axis.domain).toEqual([toDay("2026-09-14"), toDay("2026-11-23")]);
    expect(dates(axis.ticks)).toEqual(["2026-10-01", "2026-11-01"]);
    expect(axis.label(toDay("2026-10-01"))).toBe("Oct 2026");
  });

  it("ticks weekly over a few weeks", () => {
    const axis = timeAxis(["2026-11-02", "2026-11-23"]);
    expect(dates(axis.ticks)).toEqual(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
    expect(axis.label(toDay("2026-11-09"))).toBe("9 Nov");
  });

  it("ticks quarterly over two years, aligned to January", () => {
    const axis = timeAxis(["2025-02-10", "2027-01-20"]);
    expect(dates(axis.ticks)).toEqual(["2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"]);
  });

  it("gives a single date a week either side", () => {
    const axis = timeAxis(["2026-11-23"]);
    expect(dates(axis.domain)).toEqual(["2026-11-16", "2026-11-30"]);
    expect(dates(axis.ticks)).toEqual(["2026-11-16", "2026-11-23", "2026-11-30"]);
  });
});
