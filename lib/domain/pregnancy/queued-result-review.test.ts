import { describe, expect, it } from "vitest";
import { isDermatologistOnlyKey } from "./monitoring";
import { heldBy } from "./pregnancy-tests";
import { CANNOT, history, items, one, rows, t, TESTS, treated } from "./examples";

/**
 * A laboratory's pregnancy test result waiting under Unfiled lab results for the patient it holds (matched, or
 * named by her MRN with another date of birth) stops prescribing (queued-lab-result.test.ts). It is put before a
 * dermatologist as a positive test awaiting a decision is: a review on their worklist and dashboard, which office
 * staff never get, due on the day the result is dated (lib/data/pregnancy-history.ts: its collection day, or the
 * day it arrived when that is earlier). Its reason names no result.
 */
describe("monitoring items: a laboratory's pregnancy test result waiting in the queue", () => {
  const queued = (id: string, specimenDate: string) => ({ id, specimenDate });
  const REASON =
    "A pregnancy test result from the laboratory is waiting under Unfiled lab results for a dermatologist, where the pregnancy-prevention rules cannot read it: a dermatologist must review it there (attach it to the chart, or dismiss it with a reason) before any further prescription.";

  it("is a dermatologist's review due on its day, overdue the day after; the routine items stay", () => {
    const h = treated({}, { queuedLabResults: [queued("q1", "2026-04-08")] });
    const list = items(h, "2026-04-10");
    expect(list.filter((i) => i.kind !== "PREG_REVIEW")).toEqual(items(treated(), "2026-04-10"));
    expect(one(list, "test:q1:preg-review")).toMatchObject({
      kind: "PREG_REVIEW",
      label: "Dermatologist review",
      courseId: "c1",
      dueDate: "2026-04-08",
      status: "OVERDUE",
      daysOverdue: 2,
      completedOn: null,
      reason: REASON,
    });
    expect(REASON).not.toMatch(/positive|negative|indeterminate/i);
    expect(one(items(h, "2026-04-08"), "test:q1:preg-review").status).toBe("DUE");
    expect(one(items(h, "2026-04-09"), "test:q1:preg-review").status).toBe("OVERDUE");
  });

  it("several: one review, named by the earliest dated (then by id); gone once none waits", () => {
    const several = [queued("q3", "2026-04-07"), queued("q2", "2026-04-05"), queued("q1", "2026-04-05")];
    expect(rows(items(treated({}, { queuedLabResults: several }), "2026-04-10"), "PREG_REVIEW")).toEqual([
      ["test:q1:preg-review", "2026-04-05", "OVERDUE", null],
    ]);
    expect(rows(items(treated({}, { queuedLabResults: [] }), "2026-04-10"), "PREG_REVIEW")).toEqual([]);
  });

  it("whatever the category, with no course, and beside the reviews of a positive test and of a result the rules cannot read", () => {
    const cannot = treated({}, { categories: CANNOT, queuedLabResults: [queued("q1", "2026-04-05")] });
    expect(rows(items(cannot, "2026-04-10"))).toEqual([["test:q1:preg-review", "2026-04-05", "OVERDUE", null]]);
    const noCourse = history({ courses: [], queuedLabResults: [queued("q1", "2026-04-05")] });
    expect(one(items(noCourse, "2026-04-10"), "test:q1:preg-review")).toMatchObject({ courseId: null, dueDate: "2026-04-05", status: "OVERDUE" });
    const all = treated(
      {},
      {
        tests: [...TESTS, t("2026-04-06", "LAB", "POSITIVE", "p1")],
        unreadPregnancyResults: [{ id: "u1", specimenDate: "2026-04-04" }],
        queuedLabResults: [queued("q1", "2026-04-09")],
      },
    );
    expect(rows(items(all, "2026-04-10"))).toEqual([
      ["test:p1:preg-review", "2026-04-06", "OVERDUE", null],
      ["test:u1:preg-review", "2026-04-04", "OVERDUE", null],
      ["test:q1:preg-review", "2026-04-09", "OVERDUE", null],
    ]);
  });

  it("its key is a dermatologist-only key; it holds prescribing while one waits, and not with none", () => {
    expect(isDermatologistOnlyKey("test:6f1c0e56-3a0b-4d7e-9c2a-1b2c3d4e5f60:preg-review")).toBe(true);
    expect(heldBy({ queuedLabResults: [queued("q1", "2026-04-05")] }).map((h) => h.code)).toEqual(["LAB_RESULT_QUEUED"]);
    expect(heldBy({ queuedLabResults: [] })).toEqual([]);
  });
});
