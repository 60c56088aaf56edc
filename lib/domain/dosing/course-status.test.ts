import { describe, expect, it } from "vitest";
import { courseStatusOn, dosesAfter, inProgressOn } from "./course-status";

// Completed with its last day on Tue 15 Dec 2026, recorded ahead of that day.
const completed = { status: "COMPLETED" as const, endDate: "2026-12-15", pauses: [] };

describe("courseStatusOn", () => {
  it("reads an end dated ahead as in progress until its last day", () => {
    expect(courseStatusOn(completed, "2026-11-24")).toBe("ACTIVE");
    expect(courseStatusOn(completed, "2026-12-14")).toBe("ACTIVE");
    expect(courseStatusOn(completed, "2026-12-15")).toBe("COMPLETED");
    expect(courseStatusOn(completed, "2027-01-01")).toBe("COMPLETED");
    expect(courseStatusOn({ ...completed, status: "STOPPED" }, "2026-12-14")).toBe("ACTIVE");
    expect(courseStatusOn({ ...completed, status: "STOPPED" }, "2026-12-15")).toBe("STOPPED");
  });

  it("is paused on a day a pause covers before the end", () => {
    // The pause that was open when the course ended is closed the day after the last day.
    const paused = { ...completed, pauses: [{ startDate: "2026-12-10", resumeDate: "2026-12-16" }] };
    expect(courseStatusOn(paused, "2026-12-09")).toBe("ACTIVE");
    expect(courseStatusOn(paused, "2026-12-10")).toBe("PAUSED");
    expect(courseStatusOn(paused, "2026-12-14")).toBe("PAUSED");
    expect(courseStatusOn(paused, "2026-12-15")).toBe("COMPLETED");
    const earlier = { ...completed, pauses: [{ startDate: "2026-11-01", resumeDate: "2026-11-20" }] };
    expect(courseStatusOn(earlier, "2026-11-19")).toBe("PAUSED");
    expect(courseStatusOn(earlier, "2026-11-20")).toBe("ACTIVE");
  });

  it("reads a pause or resumption dated ahead on its day", () => {
    const pausedAhead = { status: "PAUSED" as const, endDate: null, pauses: [{ startDate: "2026-12-01", resumeDate: null }] };
    expect(courseStatusOn(pausedAhead, "2026-11-30")).toBe("ACTIVE");
    expect(courseStatusOn(pausedAhead, "2026-12-01")).toBe("PAUSED");
    const resumedAhead = { status: "ACTIVE" as const, endDate: null, pauses: [{ startDate: "2026-11-01", resumeDate: "2026-12-01" }] };
    expect(courseStatusOn(resumedAhead, "2026-11-30")).toBe("PAUSED");
    expect(courseStatusOn(resumedAhead, "2026-12-01")).toBe("ACTIVE");
    expect(courseStatusOn({ status: "ACTIVE", endDate: null, pauses: [] }, "2026-11-24")).toBe("ACTIVE");
  });

  it("counts a course in progress through the day before its last day", () => {
    expect(inProgressOn({ status: "PAUSED", endDate: null, pauses: [] }, "2026-11-24")).toBe(true);
    expect(inProgressOn(completed, "2026-12-14")).toBe(true);
    expect(inProgressOn(completed, "2026-12-15")).toBe(false);
    expect(inProgressOn({ status: "STOPPED", endDate: null, pauses: [] }, "2026-11-24")).toBe(false);
  });

  it("knows whether doses remain after a day", () => {
    const S = "2026-09-01";
    const active = { startDate: S, status: "ACTIVE" as const, endDate: null, pauses: [] };
    expect(dosesAfter(active, "2026-11-24")).toBe(true);
    // Ended today or earlier: none after today; ended ahead: doses until then.
    expect(dosesAfter({ startDate: S, ...completed, status: "STOPPED" }, "2026-12-15")).toBe(false);
    expect(dosesAfter({ startDate: S, ...completed, status: "STOPPED" }, "2026-12-14")).toBe(true);
    // An open pause from today or tomorrow: none; from the day after tomorrow: tomorrow's dose remains.
    expect(dosesAfter({ startDate: S, status: "PAUSED", endDate: null, pauses: [{ startDate: "2026-11-24", resumeDate: null }] }, "2026-11-24")).toBe(false);
    expect(dosesAfter({ startDate: S, status: "PAUSED", endDate: null, pauses: [{ startDate: "2026-11-25", resumeDate: null }] }, "2026-11-24")).toBe(false);
    expect(dosesAfter({ startDate: S, status: "PAUSED", endDate: null, pauses: [{ startDate: "2026-11-26", resumeDate: null }] }, "2026-11-24")).toBe(true);
    // Paused now but resuming ahead: doses remain.
    expect(dosesAfter({ startDate: S, status: "ACTIVE", endDate: null, pauses: [{ startDate: "2026-11-20", resumeDate: "2026-12-01" }] }, "2026-11-24")).toBe(
      true,
    );
    // Paused, then ended ahead: the pause, closed by the end the day after the last day, lasts to the end.
    expect(dosesAfter({ startDate: S, ...completed, pauses: [{ startDate: "2026-11-20", resumeDate: "2026-12-16" }] }, "2026-11-24")).toBe(false);
    // An earlier pause that ended long ago does not count.
    expect(dosesAfter({ ...active, pauses: [{ startDate: "2026-10-01", resumeDate: "2026-10-10" }] }, "2026-11-24")).toBe(true);
    // A course starting on 5 Dec, not yet begun: paused from its first day (open), it doses on no day; from the
    // day after, its first day's dose remains.
    const ahead = { startDate: "2026-12-05", status: "PAUSED" as const, endDate: null };
    expect(dosesAfter({ ...ahead, status: "ACTIVE", pauses: [] }, "2026-11-24")).toBe(true);
    expect(dosesAfter({ ...ahead, pauses: [{ startDate: "2026-12-05", resumeDate: null }] }, "2026-11-24")).toBe(false);
    expect(dosesAfter({ ...ahead, pauses: [{ startDate: "2026-12-06", resumeDate: null }] }, "2026-11-24")).toBe(true);
  });
});
