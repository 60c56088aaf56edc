import { describe, expect, it } from "vitest";
import { overlappingCourses, spansOverlap } from "./course-overlap";

const span = (startDate: string, endDate: string | null) => ({ startDate, endDate });

describe("course spans never share a day", () => {
  it.each([
    // [a, b, overlap]: hand-checked on a calendar.
    [span("2024-01-01", "2024-06-30"), span("2024-07-01", "2024-12-31"), false], // the next day: no overlap
    [span("2024-01-01", "2024-06-30"), span("2024-06-30", "2024-12-31"), true], // last day = first day
    [span("2024-01-01", "2024-06-30"), span("2024-03-01", "2024-04-01"), true], // inside
    [span("2024-03-01", "2024-04-01"), span("2024-01-01", "2024-06-30"), true], // around
    [span("2024-01-01", "2024-01-01"), span("2024-01-01", "2024-01-01"), true], // one day each, the same day
    [span("2026-11-01", null), span("2024-01-01", "2024-06-30"), false], // open course after a paper course
    [span("2026-11-01", null), span("2026-10-01", "2026-11-01"), true], // paper course ending on the open course's start
    [span("2026-11-01", null), span("2026-12-01", null), true], // two open courses always meet
    [span("2026-11-01", null), span("2027-01-01", "2027-02-01"), true], // an open course runs on
  ])("%j and %j overlap: %s", (a, b, expected) => {
    expect(spansOverlap(a, b)).toBe(expected);
    expect(spansOverlap(b, a)).toBe(expected);
  });

  it("names every overlapping course, earliest first, and never the candidate itself", () => {
    const courses = [
      { id: "active", startDate: "2026-09-01", endDate: null },
      { id: "paper-2", startDate: "2023-02-01", endDate: "2023-08-15" },
      { id: "paper-1", startDate: "2021-05-10", endDate: "2021-11-30" },
    ];
    expect(overlappingCourses({ id: "new", startDate: "2021-11-30", endDate: "2023-02-01" }, courses).map((c) => c.id)).toEqual(["paper-1", "paper-2"]);
    expect(overlappingCourses({ id: "new", startDate: "2021-12-01", endDate: "2023-01-31" }, courses)).toEqual([]);
    expect(overlappingCourses({ id: "active", startDate: "2026-09-01", endDate: null }, courses)).toEqual([]);
    expect(overlappingCourses({ id: "new", startDate: "2026-08-01", endDate: "2026-09-01" }, courses).map((c) => c.id)).toEqual(["active"]);
  });
});
