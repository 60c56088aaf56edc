import { describe, expect, it } from "vitest";
import { attemptsText } from "@/app/(portal)/admin/jobs/attempts";

describe("a job's attempts as the jobs page says them", () => {
  it.each([
    [{ attempts: 1, retryLimit: 6 }, "attempt 1 of up to 7 (retried only after a failure)"],
    [{ attempts: 2, retryLimit: 6 }, "attempt 2 of up to 7 (retried only after a failure)"],
    [{ attempts: 1, retryLimit: 5 }, "attempt 1 of up to 6 (retried only after a failure)"],
    [{ attempts: 0, retryLimit: 5 }, "not started yet (up to 6 attempts, retried only after a failure)"],
    [{ attempts: 1, retryLimit: 0 }, "attempt 1 (not retried)"],
    [{ attempts: 0, retryLimit: 0 }, "not started yet (not retried)"],
  ])("%o: %s", (job, text) => {
    expect(attemptsText(job)).toBe(text);
  });
});
