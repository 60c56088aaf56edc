import { describe, expect, it } from "vitest";
import { paperCourseTracksPostCourseTest } from "./index";
import { EU, US, course, history, items, rows, rulesOn, rx, t } from "./examples";

/** A course from paper records that ended on 22 Nov 2026 (iPLEDGE with the 2026 modification). */
const paper = (endDate = "2026-11-22") => course({ id: "paper", startDate: "2026-06-01", endDate, paperRecord: true });

describe("a course entered from paper records", () => {
  it.each([
    // iPLEDGE: due 30 days after the last day, overdue after 7 more.
    ["iPLEDGE", US, "2026-10-20", "2026-11-23", true],
    ["iPLEDGE", US, "2026-10-20", "2026-11-26", true],
    ["iPLEDGE", US, "2026-10-20", "2026-11-27", false],
    ["iPLEDGE", US, "2026-11-23", "2026-11-23", true],
    ["iPLEDGE", US, "2022-01-30", "2026-11-23", false],
    // PPP: due 35 days after.
    ["PPP", EU, "2026-10-15", "2026-11-26", true],
    ["PPP", EU, "2026-10-15", "2026-11-27", false],
  ] as const)("%s: ended %s, entered %s: its post-course test is followed up here: %s", (_, over, endDate, enteredOn, tracked) => {
    expect(paperCourseTracksPostCourseTest(endDate, enteredOn, rulesOn(over))).toBe(tracked);
  });

  it("a clinic's longer grace before overdue follows up a test due longer ago", () => {
    expect(paperCourseTracksPostCourseTest("2026-10-20", "2026-11-27", rulesOn({ overdueAfterDays: 8 }))).toBe(true);
  });

  it("generates its post-course test only: no screening, per-prescription or monthly test", () => {
    const list = items(history({ courses: [paper()] }), "2026-11-23");
    expect(rows(list)).toEqual([["course:paper:preg-post", "2026-12-22", "NOT_DUE", null]]);
    expect(list[0]!.courseId).toBe("paper");
    // A negative test from the due-soon day closes it, as any course's.
    expect(rows(items(history({ courses: [paper()], tests: [t("2026-12-15")] }), "2026-12-16"))).toEqual([
      ["course:paper:preg-post", "2026-12-22", "COMPLETED", "2026-12-15"],
    ]);
  });

  it("beside a course started here, each course keeps its own items; a review names the course started here", () => {
    const here = course({ id: "c1", startDate: "2026-01-05", endDate: "2026-05-31", prescriptions: [rx("r1", "2026-01-05")] });
    const list = items(history({ courses: [here, paper()] }), "2026-11-23");
    expect(list.filter((i) => i.courseId === "paper").map((i) => i.kind)).toEqual(["PREG_POST_COURSE"]);
    const review = items(history({ courses: [here, paper()], tests: [t("2026-11-20", "LAB", "POSITIVE")] }), "2026-11-23");
    expect(review).toEqual([expect.objectContaining({ kind: "PREG_REVIEW", courseId: "c1" })]);
  });
});
