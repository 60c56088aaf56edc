import { describe, expect, it } from "vitest";
import { pregnancyStatus } from "./index";
import { US, EU, NAME_2021, rulesOn, t, CANNOT, check, counseledOn, codes, WAIVE, items, rows, one, TESTS, treated } from "./examples";

describe("monitoring items: pauses, ends and the post-course test", () => {
  const postPause = (key: string, due: string, status: string, completedOn: string | null = null) => [key, due, status, completedOn];

  it("a pause dated in the future leaves the items before it unchanged and adds the test after the last dose", () => {
    const plain = items(treated(), "2026-04-10");
    const paused = items(treated({ pauses: [{ startDate: "2026-06-15", resumeDate: null }] }), "2026-04-10");
    expect(paused.filter((i) => i.kind !== "PREG_POST_PAUSE")).toEqual(plain);
    expect(rows(paused, "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-06-15", "2026-07-14", "NOT_DUE")]);
    expect(one(paused, "course:c1:preg-post-pause:2026-06-15").reason).toBe(
      `Pregnancy test due 30 days after the last dose on 14 Jun 2026 (course paused, ${NAME_2021}).`,
    );
  });

  it("monthly occurrences due after the last dose give way to the post-pause test", () => {
    const list = items(treated({ pauses: [{ startDate: "2026-04-20", resumeDate: null }] }), "2026-04-10");
    expect(rows(list, "PREG_MONTHLY")).toEqual([["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"]]);
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-04-20", "2026-05-19", "NOT_DUE")]);
  });

  it.each([
    // test date, post-pause status as of 20 Jul (due 14 Jul; a test from 7 days before the due date counts)
    ["2026-07-07", "COMPLETED", "2026-07-07"],
    ["2026-07-06", "DUE", null],
  ])("post-pause test: a test on %s leaves it %s", (testDate, status, completedOn) => {
    const h = treated({ pauses: [{ startDate: "2026-06-15", resumeDate: null }] }, { tests: [...TESTS, t(testDate)] });
    expect(rows(items(h, "2026-07-20"), "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-06-15", "2026-07-14", status, completedOn)]);
  });

  it("a short pause (resumed before the test would be due) has no post-pause test; monitoring restarts at the resume", () => {
    const list = items(treated({ pauses: [{ startDate: "2026-05-01", resumeDate: "2026-05-20" }] }), "2026-05-25");
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([]);
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "OVERDUE", null],
      ["course:c1:preg-monthly:2026-06-19", "2026-06-19", "NOT_DUE", null],
    ]);
  });

  it("a long pause, resumed: the post-pause test stays, and a fresh test is needed before the next prescription", () => {
    const h = treated({ pauses: [{ startDate: "2026-05-01", resumeDate: "2026-07-01" }] });
    expect(rows(items(h, "2026-07-02"), "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-05-01", "2026-05-30", "OVERDUE")]);
    const d = check({ ...h, counseling: [counseledOn("2026-07-01")] }, "2026-07-01");
    expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW"]);
  });

  it("an end dated in the future adds the post-course test and leaves the items before it unchanged", () => {
    const plain = items(treated(), "2026-04-10");
    const ending = items(treated({ endDate: "2026-06-30" }), "2026-04-10");
    expect(ending.filter((i) => i.kind !== "PREG_POST_COURSE")).toEqual(plain);
    expect(rows(ending, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", "2026-07-30", "NOT_DUE", null]]);
  });

  it.each([
    // label, settings, due date
    ["US: 30 days after the last dose", US, "2026-06-30"],
    ["EU: 5 weeks after stopping", EU, "2026-07-05"],
  ] as const)("post-course test, %s", (_l, over, due) => {
    const list = items(treated({ endDate: "2026-05-31" }), "2026-06-10", over);
    expect(rows(list, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", due, "NOT_DUE", null]]);
  });

  it("the post-course test stays open 300 days after the end, alone", () => {
    const list = items(treated({ endDate: "2026-05-31" }), "2027-03-27");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ key: "course:c1:preg-post", kind: "PREG_POST_COURSE", dueDate: "2026-06-30", status: "OVERDUE", daysOverdue: 270 });
    expect(list[0]!.reason).toBe(`Pregnancy test due 30 days after the last dose on 31 May 2026 (course ended, ${NAME_2021}).`);
  });

  it("long after the end the post-course test goes once done or waived", () => {
    expect(items(treated({ endDate: "2026-05-31" }, { tests: [...TESTS, t("2026-06-30")] }), "2027-03-27")).toEqual([]);
    expect(items(treated({ endDate: "2026-05-31" }), "2027-03-27", US, [WAIVE("course:c1:preg-post")])).toEqual([]);
  });

  it.each([
    // test date, status as of 15 Jul (due 30 Jun), completed on, reason
    ["2026-06-23", "COMPLETED", "2026-06-23", "Pregnancy test collected on 23 Jun 2026, after the last dose on 31 May 2026."],
    ["2026-06-22", "OVERDUE", null, `Pregnancy test due 30 days after the last dose on 31 May 2026 (course ended, ${NAME_2021}).`],
    ["2026-07-10", "COMPLETED", "2026-07-10", "Pregnancy test collected on 10 Jul 2026, 10 days after it was due (late), after the last dose on 31 May 2026."],
  ])("post-course test with a test on %s: %s", (testDate, status, completedOn, reason) => {
    const c = one(items(treated({ endDate: "2026-05-31" }, { tests: [...TESTS, t(testDate)] }), "2026-07-15"), "course:c1:preg-post");
    expect(c).toMatchObject({ status, completedOn, reason });
  });

  it("a course ended during a pause: one test 30 days after the last dose before the pause", () => {
    const list = items(treated({ endDate: "2026-05-31", pauses: [{ startDate: "2026-05-01", resumeDate: null }] }), "2026-05-10");
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([]);
    expect(rows(list, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", "2026-05-30", "NOT_DUE", null]]);
  });
});

describe("monitoring items: a positive test, category", () => {
  it("a positive test without a decision replaces every routine item with one dermatologist review", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")] });
    const list = items(h, "2026-04-10");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: "PREG_REVIEW",
      key: "test:p1:preg-review",
      courseId: "c1",
      dueDate: "2026-04-05",
      status: "OVERDUE",
      label: "Dermatologist review",
    });
    expect(list[0]!.reason).toBe(
      "A dermatologist must review this patient's pregnancy-prevention record and document a decision before any further prescription.",
    );
    expect(items(h, "2026-04-05")[0]!.status).toBe("DUE");
  });

  it("an indeterminate test does the same; the earliest undecided test is named", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-07", "OFFICE", "INDETERMINATE", "i2"), t("2026-04-05", "LAB", "INDETERMINATE", "i1")] });
    expect(rows(items(h, "2026-04-10"))).toEqual([["test:i1:preg-review", "2026-04-05", "OVERDUE", null]]);
  });

  it("a documented decision brings the routine items back", () => {
    const h = treated(
      {},
      { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }] },
    );
    expect(items(h, "2026-04-10")).toEqual(items(treated(), "2026-04-10"));
  });

  it("a confirmed pregnancy asks for no pregnancy test until a negative test is collected on a later day", () => {
    // Positive on 5 Apr, the course stopped with 5 Apr as its last day, the pregnancy confirmed on 8 Apr.
    const pregnant = (tests: ReturnType<typeof t>[] = []) =>
      treated(
        { endDate: "2026-04-05" },
        {
          tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1"), ...tests],
          clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "PREGNANCY_CONFIRMED" }],
        },
      );
    // The day before the decision: the review. From the decision on: nothing, the post-course test (due 5 May) included.
    expect(rows(items(pregnant(), "2026-04-07"))).toEqual([["test:p1:preg-review", "2026-04-05", "OVERDUE", null]]);
    expect(items(pregnant(), "2026-04-08")).toEqual([]);
    expect(items(pregnant(), "2026-06-10")).toEqual([]);
    // A negative test on 20 Jul: the pregnancy has ended and the routine items are back, the post-course test completed late by it.
    expect(rows(items(pregnant([t("2026-07-20")]), "2026-07-21"), "PREG_POST_COURSE")).toEqual([
      ["course:c1:preg-post", "2026-05-05", "COMPLETED", "2026-07-20"],
    ]);
    // A false positive (a later negative test) is not a pregnancy: the routine items stand once it is decided.
    const falsePositive = treated(
      { endDate: "2026-04-05" },
      { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }] },
    );
    expect(rows(items(falsePositive, "2026-06-10"), "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", "2026-05-05", "OVERDUE", null]]);
  });

  it("a patient who cannot become pregnant has no pregnancy items", () => {
    expect(items(treated({}, { categories: CANNOT }), "2026-04-10")).toEqual([]);
  });

  // The items and the banner use the category on their day (categoryOn), as the prescribing check does.
  it("the category on the day decides the items and the banner", () => {
    const h = treated({}, { categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-05-01" }] });
    expect(check({ ...h, counseling: [counseledOn("2026-04-10")] }, "2026-04-10").refusals.map((r) => r.code)).toEqual(["NO_TEST_IN_WINDOW"]);
    const list = items(h, "2026-04-10");
    expect(list).toEqual(items(treated(), "2026-04-10"));
    expect(pregnancyStatus(h, list, "2026-04-10", rulesOn(), null).category).toBe("CAN_BECOME_PREGNANT");
    // the day before the change and the day of it
    const before = items(h, "2026-04-30");
    expect(before).toEqual(items(treated(), "2026-04-30"));
    expect(pregnancyStatus(h, before, "2026-04-30", rulesOn(), null).category).toBe("CAN_BECOME_PREGNANT");
    const on = items(h, "2026-05-01");
    expect(on).toEqual([]);
    expect(pregnancyStatus(h, on, "2026-05-01", rulesOn(), null)).toMatchObject({ category: "CANNOT_BECOME_PREGNANT", summary: "Cannot become pregnant" });
  });

  // From the change, the next prescription is the first written while she can become pregnant: its screening is
  // due from that day (the prescribing check asks for it), and the prescriptions written before need no test.
  it('a later change to "can become pregnant" does not bring items back before its date, and screening is due from it', () => {
    const h = treated({}, { categories: [...CANNOT, { category: "CAN_BECOME_PREGNANT", from: "2026-05-01" }] });
    expect(items(h, "2026-04-30")).toEqual([]);
    const list = items(h, "2026-05-01");
    expect(rows(list)).toEqual([
      ["course:c1:preg-screening", "2026-05-01", "DUE", null],
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "DUE", null],
    ]);
    expect(one(list, "course:c1:preg-screening").reason).toBe(
      "2 pregnancy test(s) due before the first prescription on 1 May 2026; 1 recorded since 2 Mar 2026.",
    );
  });

  it("the review is read as of its day: a decision dated later does not remove it before that day", () => {
    const h = treated(
      {},
      { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }] },
    );
    expect(rows(items(h, "2026-04-07"))).toEqual([["test:p1:preg-review", "2026-04-05", "OVERDUE", null]]);
    expect(items(h, "2026-04-08")).toEqual(items(treated(), "2026-04-08"));
  });
});
