import { describe, expect, it } from "vitest";
import { courseToStop, stopInstruction, type CourseToStop } from "./course-to-stop";

/**
 * What a positive test's banner asks of the dermatologist (docs/DOMAIN.md: a confirmed pregnancy is documented
 * once no course doses after today): the course still dosing stopped or paused from today, through its form,
 * or, with none, only the decision. Today: 23 Nov 2026.
 */
const TODAY = "2026-11-23";
const course = (over: Partial<Parameters<typeof courseToStop>[0][number]> = {}) => ({
  id: "c1",
  startDate: "2026-10-01",
  status: "ACTIVE" as const,
  endDate: null,
  pauses: [],
  ...over,
});

describe("the course a positive test's banner asks to stop", () => {
  it.each([
    ["no course at all", [], null],
    ["an active course", [course()], { id: "c1", startDate: "2026-10-01", endDate: null, by: "PAUSE_OR_STOP" }],
    [
      "an active course whose pause, dated ahead, ended",
      [course({ pauses: [{ startDate: "2026-11-01", resumeDate: "2026-11-10" }] })],
      { by: "PAUSE_OR_STOP" },
    ],
    ["a course paused from today", [course({ status: "PAUSED", pauses: [{ startDate: TODAY, resumeDate: null }] })], null],
    ["a course paused from tomorrow", [course({ status: "PAUSED", pauses: [{ startDate: "2026-11-24", resumeDate: null }] })], null],
    ["a course whose pause begins next week", [course({ status: "PAUSED", pauses: [{ startDate: "2026-11-30", resumeDate: null }] })], { by: "STOP" }],
    ["a course stopped today", [course({ status: "STOPPED", endDate: TODAY })], null],
    ["a course completed last month", [course({ status: "COMPLETED", endDate: "2026-10-31" })], null],
    ["a course stopped on a day ahead", [course({ status: "STOPPED", endDate: "2026-12-05" })], { endDate: "2026-12-05", by: "END_EARLIER" }],
    // No day before its start can be paused: it is paused from its first day.
    ["a course starting on 3 Dec", [course({ startDate: "2026-12-03" })], { startDate: "2026-12-03", by: "PAUSE_FROM_START" }],
    [
      "a course starting on 3 Dec, paused from that day",
      [course({ startDate: "2026-12-03", status: "PAUSED", pauses: [{ startDate: "2026-12-03", resumeDate: null }] })],
      null,
    ],
    [
      "an ended course, then an active one",
      [course({ id: "old", status: "COMPLETED", endDate: "2026-01-31" }), course({ id: "c2", startDate: "2026-11-01" })],
      { id: "c2", startDate: "2026-11-01", by: "PAUSE_OR_STOP" },
    ],
  ] as const)("%s", (_, courses, expected) => {
    const found = courseToStop(courses, TODAY);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
  });
});

describe("the banner's instruction", () => {
  const stop = (by: CourseToStop["by"], endDate: string | null = null): CourseToStop => ({ id: "c1", startDate: "2026-10-01", endDate, by });

  it.each([
    [null, "No dose is due after today: record the decision.", null],
    [stop("PAUSE_OR_STOP"), "Stop or pause the course from today, then record the decision.", "Stop or pause the course started 1 Oct 2026"],
    [stop("STOP"), "Its pause begins later: stop the course from today, then record the decision.", "Stop the course started 1 Oct 2026"],
    [
      { id: "c1", startDate: "2026-12-03", endDate: null, by: "PAUSE_FROM_START" as const },
      "The course starts on 3 Dec 2026: pause it from that day, with no resumption, then record the decision.",
      "Pause the course starting 3 Dec 2026",
    ],
    [
      stop("END_EARLIER", "2026-12-05"),
      "The course ends on 5 Dec 2026: end it from today, then record the decision.",
      "End the course started 1 Oct 2026 earlier",
    ],
  ] as const)("%o", (c, text, link) => {
    expect(stopInstruction(c)).toEqual({ text, link });
  });
});
