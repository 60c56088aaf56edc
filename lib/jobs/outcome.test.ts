import { describe, expect, it } from "vitest";
import { describeOutcome, duration, overdueNote, refreshSummary, stalledNote } from "./outcome";

describe("what the jobs page says a job left", () => {
  it("reads pg-boss's own failures, which it stores under `value`, and says them in plain words", () => {
    const timedOut = { value: { message: "job failed by timeout in active state" } };
    expect(describeOutcome({ state: "failed", output: timedOut, expireSeconds: 300 })).toBe(
      "Stopped: it ran past its time limit of 5 minutes (the server running it may have stopped).",
    );
    expect(describeOutcome({ state: "retry", output: timedOut })).toBe("Stopped: it ran past its time limit (the server running it may have stopped).");
    const exceeded = { name: "Error", message: "handler execution exceeded 300000ms", stack: "Error: handler execution exceeded…\n    at delay" };
    expect(describeOutcome({ state: "retry", output: exceeded })).toBe("Given up: it ran past its time limit of 5 minutes (a run still going carries on).");
    expect(describeOutcome({ state: "failed", output: { value: "stopped" } })).toBe("stopped");
    expect(describeOutcome({ state: "failed", output: { value: { code: 1 } } })).toBe("Failed.");
  });

  it("keeps a handler's own message, and its summary of counts", () => {
    expect(describeOutcome({ state: "retry", output: { name: "Error", message: "The mail server could not take the message for now (SMTP 451)." } })).toBe(
      "The mail server could not take the message for now (SMTP 451).",
    );
    expect(describeOutcome({ state: "completed", output: { sent: 3, failed: 0, interrupted: 0 } })).toBe("sent: 3, failed: 0, interrupted: 0");
    // The badge reads a taken-over refresh's summary as it is.
    expect(describeOutcome({ state: "completed", output: { stopped: "This run stopped." } })).toBe("stopped: This run stopped.");
  });

  it("says what a run that had nothing to do found, as a sentence", () => {
    expect(describeOutcome({ state: "completed", output: { skipped: "already up to date" } })).toBe("Already up to date");
    expect(describeOutcome({ state: "completed", output: { skipped: "another run holds it; a retry waits" } })).toBe("Another run holds it; a retry waits");
  });
});

describe("what the daily refresh last did, on the jobs page", () => {
  it("says the day it brought the figures up to, or that they were up to date", () => {
    expect(refreshSummary({ asOf: "2026-11-23", previous: "2026-11-22", summariesFromStart: false })).toBe("brought the figures up to 23 Nov 2026");
    expect(refreshSummary({ skipped: "already up to date" })).toBe("Already up to date");
    expect(refreshSummary({ stopped: "This run stopped." })).toBe("stopped, another run having taken it over");
    expect(refreshSummary(null)).toBe("done");
  });
});

describe("a job marked running far longer than such a job takes", () => {
  it("is said to have perhaps lost its process, with when it is given up", () => {
    expect(overdueNote({ name: "reminders-dispatch", state: "active", runningSeconds: 4 * 60 + 10, expireSeconds: 300 })).toBe(
      "Running for 4 minutes, far longer than this job takes (at most 3 minutes): the server running it may have stopped. It is given up once it has run 5 minutes (its time limit), then retried.",
    );
    expect(overdueNote({ name: "reminders-dispatch", state: "active", runningSeconds: 14 * 60, expireSeconds: 900 })).toMatch(
      /given up once it has run 15 minutes/,
    );
    expect(overdueNote({ name: "reminders-dispatch", state: "active", runningSeconds: 6 * 60, expireSeconds: 300 })).toMatch(
      /past its time limit: it is given up and retried within minutes\.$/,
    );
  });

  it("is not flagged while young, once done, or where its lease speaks for it (the daily refresh)", () => {
    expect(overdueNote({ name: "reminders-dispatch", state: "active", runningSeconds: 20, expireSeconds: 300 })).toBeNull();
    expect(overdueNote({ name: "reminders-dispatch", state: "completed", runningSeconds: null, expireSeconds: 300 })).toBeNull();
    expect(overdueNote({ name: "daily-refresh", state: "active", runningSeconds: 3000, expireSeconds: 3600 })).toBeNull();
    // A settings recompute's progress speaks for it: a long run still making progress is not flagged.
    expect(overdueNote({ name: "settings-recompute", state: "active", runningSeconds: 3000, expireSeconds: 3600 })).toBeNull();
  });

  it("reads durations as a person would", () => {
    expect([duration(45), duration(60), duration(61), duration(119 * 60), duration(7200), duration(3600 * 5)]).toEqual([
      "45 seconds",
      "1 minute",
      "1 minute",
      "119 minutes",
      "2 hours",
      "5 hours",
    ]);
  });
});

describe("a job that records its progress (a settings recompute), on the jobs page", () => {
  const at = new Date("2026-11-23T19:02:00Z");
  it("is said to have stopped making progress once it has made none for the lapse, with since when", () => {
    expect(stalledNote({ state: "active", lastProgressAt: at, quietSeconds: 3 * 60 + 5 }, 120)).toBe(
      "No progress since 23 Nov 2026, 14:02:00 EST (3 minutes): the server running it may have stopped. It is given up within a minute, and a new run queued in its place.",
    );
  });
  it("is not flagged while it makes progress, nor once it is no longer running", () => {
    expect(stalledNote({ state: "active", lastProgressAt: at, quietSeconds: 119 }, 120)).toBeNull();
    expect(stalledNote({ state: "retry", lastProgressAt: at, quietSeconds: 600 }, 120)).toBeNull();
    expect(stalledNote({ state: "active", lastProgressAt: null, quietSeconds: null }, 120)).toBeNull();
  });
});
