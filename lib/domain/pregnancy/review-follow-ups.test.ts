import { describe, expect, it } from "vitest";
import { pregnancyEndedCourseOn } from "./follow-ups";

/**
 * Review: which course a confirmed pregnancy ended. The decision needs every course to have no dose after its
 * day (a stop, or a pause with no resumption); a course that doses again after the decision (its pause resumed
 * once the pregnancy ended) was not ended by that pregnancy, whatever ends it later.
 */
describe("a course a confirmed pregnancy paused, then resumed", () => {
  const first = { testDate: "2026-04-20", decidedOn: "2026-04-22" };
  const second = { testDate: "2026-09-01", decidedOn: "2026-09-03" };
  /** Paused from 21 Apr for the first pregnancy, resumed on 1 Jul after a negative test. */
  const resumed = { startDate: "2026-03-02", pauses: [{ startDate: "2026-04-21", resumeDate: "2026-07-01" }] };

  it("completed months later for another reason: not stopped by the pregnancy", () => {
    expect(pregnancyEndedCourseOn({ ...resumed, endDate: "2026-12-01" }, [first], "2026-12-05")).toBeNull();
  });

  it("stopped for the pregnancy, reopened once it ended and completed months later: not stopped by it", () => {
    expect(pregnancyEndedCourseOn({ startDate: "2026-03-02", endDate: "2026-12-01", pauses: [] }, [first], "2026-12-05")).toBeNull();
  });

  it("stopped by a second confirmed pregnancy: the second decision's day, not the first's", () => {
    expect(pregnancyEndedCourseOn({ ...resumed, endDate: "2026-09-02" }, [first, second], "2026-09-05")).toBe("2026-09-03");
  });

  it("paused for the pregnancy and never resumed, stopped later (the pause closed by the end): stopped by it", () => {
    const course = { startDate: "2026-03-02", endDate: "2026-06-10", pauses: [{ startDate: "2026-04-21", resumeDate: "2026-06-11" }] };
    expect(pregnancyEndedCourseOn(course, [first], "2026-06-12")).toBe("2026-04-22");
  });
});
