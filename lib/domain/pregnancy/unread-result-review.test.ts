import { describe, expect, it } from "vitest";
import { CANNOT, items, one, rows, t, TESTS, treated } from "./examples";

/**
 * A result under a pregnancy test the lab catalogue holds as a test of its own (unread-pregnancy-result.test.ts)
 * stops prescribing until a dermatologist records it on the catalogue's hCG test and voids it. It is put before
 * them as a positive test awaiting a decision is: a dermatologist's review on their worklist and dashboard, which
 * office staff never get (DERMATOLOGIST_ONLY_KINDS), so that they learn of it before a prescription is refused.
 */
describe("monitoring items: a pregnancy test result the rules cannot read", () => {
  const unread = (id: string, specimenDate: string) => ({ id, specimenDate });

  it("is a dermatologist's review due on its collection day; the routine items stay, as the rules cannot say what it was", () => {
    const h = treated({}, { unreadPregnancyResults: [unread("u1", "2026-04-05")] });
    const list = items(h, "2026-04-10");
    expect(list.filter((i) => i.kind !== "PREG_REVIEW")).toEqual(items(treated(), "2026-04-10"));
    expect(one(list, "test:u1:preg-review")).toMatchObject({
      kind: "PREG_REVIEW",
      label: "Dermatologist review",
      courseId: "c1",
      dueDate: "2026-04-05",
      status: "OVERDUE",
      completedOn: null,
    });
    expect(one(list, "test:u1:preg-review").reason).toBe(
      "A pregnancy test result is on the chart under a test the lab catalogue holds as a test of its own, which the pregnancy-prevention rules cannot read: a dermatologist must record it on the catalogue's hCG test and void it before any further prescription.",
    );
    expect(one(items(h, "2026-04-05"), "test:u1:preg-review").status).toBe("DUE");
  });

  it("several: one review, named by the earliest collected; gone once none is left", () => {
    const h = treated({}, { unreadPregnancyResults: [unread("u2", "2026-04-07"), unread("u1", "2026-04-05")] });
    expect(rows(items(h, "2026-04-10"), "PREG_REVIEW")).toEqual([["test:u1:preg-review", "2026-04-05", "OVERDUE", null]]);
    expect(rows(items(treated({}, { unreadPregnancyResults: [] }), "2026-04-10"), "PREG_REVIEW")).toEqual([]);
  });

  it("whatever the category, and beside the review of a positive test awaiting a decision", () => {
    const cannot = treated({}, { categories: CANNOT, unreadPregnancyResults: [unread("u1", "2026-04-05")] });
    expect(rows(items(cannot, "2026-04-10"))).toEqual([["test:u1:preg-review", "2026-04-05", "OVERDUE", null]]);
    const both = treated({}, { tests: [...TESTS, t("2026-04-06", "LAB", "POSITIVE", "p1")], unreadPregnancyResults: [unread("u1", "2026-04-05")] });
    expect(rows(items(both, "2026-04-10"))).toEqual([
      ["test:p1:preg-review", "2026-04-06", "OVERDUE", null],
      ["test:u1:preg-review", "2026-04-05", "OVERDUE", null],
    ]);
  });
});
