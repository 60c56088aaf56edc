import { describe, expect, it } from "vitest";
import {
  US,
  US_HOME,
  EU,
  NAME_2021,
  NAME_2026,
  NAME_EU,
  t,
  rx,
  course,
  history,
  check,
  counseledOn,
  WAIVE,
  items,
  rows,
  one,
  TESTS,
  treated,
} from "./examples";

describe("monitoring items: screening, per prescription, monthly", () => {
  it("a course on treatment (iPLEDGE 2021), as of 10 Apr", () => {
    const list = items(treated(), "2026-04-10");
    expect(rows(list)).toEqual([
      ["course:c1:preg-screening", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "NOT_DUE", null],
    ]);
    expect(one(list, "course:c1:preg-screening").reason).toBe("2 pregnancy test(s) recorded, the last on 27 Feb 2026.");
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 27 Feb 2026 for the prescription of 2 Mar 2026.");
    expect(one(list, "course:c1:preg-monthly:2026-03-29").reason).toBe("Pregnancy test collected on 30 Mar 2026, 1 day after it was due (late).");
    expect(one(list, "course:c1:preg-monthly:2026-04-29").reason).toBe(`Monthly pregnancy test due 30 days after 30 Mar 2026 (${NAME_2021}).`);
  });

  it.each([
    ["2026-04-21", "NOT_DUE"],
    ["2026-04-22", "DUE_SOON"],
    ["2026-04-29", "DUE"],
    ["2026-05-06", "DUE"],
    ["2026-05-07", "OVERDUE"],
  ])("the open monthly test (due 29 Apr, due soon 7 days before, overdue after 7) as of %s is %s", (asOf, status) => {
    expect(one(items(treated(), asOf), "course:c1:preg-monthly:2026-04-29").status).toBe(status);
  });

  it("EU: every 28 days, the per-prescription test on the day or in the 3 days before", () => {
    // 27 Feb is day 4 of the window of the prescription of 2 Mar: it closes that item and anchors the monthly tests
    const list = items(treated(), "2026-04-10", EU);
    expect(rows(list)).toEqual([
      ["course:c1:preg-screening", "2026-03-02", "COMPLETED", "2026-02-05"],
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-03-27", "2026-03-27", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-27", "2026-04-27", "NOT_DUE", null],
    ]);
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 27 Feb 2026 for the prescription of 2 Mar 2026.");
    expect(one(list, "course:c1:preg-monthly:2026-03-27").reason).toBe("Pregnancy test collected on 30 Mar 2026, 3 days after it was due (late).");
    expect(one(list, "course:c1:preg-monthly:2026-04-27").reason).toBe(`Monthly pregnancy test due 28 days after 30 Mar 2026 (${NAME_EU}).`);
  });

  it("EU: a test on day 5 before the prescription does not close its item; a later test closes it late", () => {
    const list = items(treated({}, { tests: [t("2026-02-05"), t("2026-02-26"), t("2026-03-30")] }), "2026-04-10", EU);
    expect(rows(list, "PREG_PRESCRIPTION")).toEqual([
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-03-30"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
    ]);
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 30 Mar 2026, 28 days after it was due (late) for the prescription of 2 Mar 2026.");
    // no test in the window of the course start: the monthly tests count from the start, 2 Mar + 28
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-30", "2026-03-30", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-27", "2026-04-27", "NOT_DUE", null],
    ]);
  });

  it("a clinic interval of 21 days is applied", () => {
    expect(rows(items(treated(), "2026-04-10", { monthlyTestIntervalDays: 21 }), "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-20", "2026-03-20", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-20", "2026-04-20", "NOT_DUE", null],
    ]);
  });

  // Screening tests are the tests before the first prescription: a test after it does not close the screening
  // item (it stays overdue until waived); a test on the day of the first prescription does.
  it("the screening item is not closed by a test after the first prescription", () => {
    const h = treated({}, { tests: [t("2026-02-27"), t("2026-03-30")] });
    const s = one(items(h, "2026-04-10"), "course:c1:preg-screening");
    expect(s).toMatchObject({ status: "OVERDUE", completedOn: null, daysOverdue: 39 });
    expect(s.reason).toBe("2 pregnancy test(s) due before the first prescription on 2 Mar 2026; 1 recorded since 1 Jan 2026.");
    // A screening test, then the confirmation 19 days later (iPLEDGE's spacing), on the prescription's day.
    const onTheDay = one(items(treated({}, { tests: [t("2026-02-11"), t("2026-03-02")] }), "2026-04-10"), "course:c1:preg-screening");
    expect(onTheDay).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-02" });
    expect(onTheDay.reason).toBe("2 pregnancy test(s) recorded, the last on 2 Mar 2026.");
    const dayAfter = one(items(treated({}, { tests: [t("2026-02-11"), t("2026-03-03")] }), "2026-04-10"), "course:c1:preg-screening");
    expect(dayAfter).toMatchObject({ status: "OVERDUE", completedOn: null });
    // Two tests too close together: the second is no confirmation.
    const close = one(items(treated({}, { tests: [t("2026-02-27"), t("2026-03-02")] }), "2026-04-10"), "course:c1:preg-screening");
    expect(close).toMatchObject({ status: "OVERDUE", completedOn: null });
  });

  it("the screening item of a planned course is open with what is recorded", () => {
    const h = history({ tests: [t("2026-02-05")], courses: [course({ startDate: "2026-03-02" })] });
    const s = one(items(h, "2026-02-25"), "course:c1:preg-screening");
    expect(s).toMatchObject({ dueDate: "2026-03-02", status: "DUE_SOON" });
    expect(s.reason).toBe("2 pregnancy test(s) due before the first prescription on 2 Mar 2026; 1 recorded since 1 Jan 2026.");
  });

  it("a prescription without a test is overdue the next day and closed late by a later test", () => {
    const open = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] });
    const r3 = one(items(open, "2026-05-02"), "rx:r3:preg");
    expect(r3).toMatchObject({ status: "OVERDUE", daysOverdue: 1, completedOn: null });
    expect(r3.reason).toBe("A pregnancy test was due within 7 days before the prescription of 1 May 2026; none recorded since.");
    const closed = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] }, { tests: [...TESTS, t("2026-05-04")] });
    const done = one(items(closed, "2026-05-10"), "rx:r3:preg");
    expect(done).toMatchObject({ status: "COMPLETED", completedOn: "2026-05-04" });
    expect(done.reason).toBe("Pregnancy test collected on 4 May 2026, 3 days after it was due (late) for the prescription of 1 May 2026.");
  });

  it("a waiver skips exactly one monthly occurrence; the next is due an interval after the waived due date", () => {
    const list = items(treated(), "2026-04-10", US, [WAIVE("course:c1:preg-monthly:2026-04-29")]);
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "WAIVED", null],
      ["course:c1:preg-monthly:2026-05-29", "2026-05-29", "NOT_DUE", null],
    ]);
    expect(one(list, "course:c1:preg-monthly:2026-04-29").reason).toBe("Waived by a dermatologist; the reason is in the clinical record.");
    expect(one(list, "course:c1:preg-monthly:2026-05-29").reason).toBe(`Monthly pregnancy test due 30 days after 29 Apr 2026 (${NAME_2021}).`);
  });

  it("after a waived occurrence a test closes the next one, and the series goes on from that test", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-05-20")] });
    expect(rows(items(h, "2026-05-25", US, [WAIVE("course:c1:preg-monthly:2026-04-29")]), "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      // the waiver decides the status; the item still records the first test after its anchor
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "WAIVED", "2026-05-20"],
      ["course:c1:preg-monthly:2026-05-29", "2026-05-29", "COMPLETED", "2026-05-20"],
      ["course:c1:preg-monthly:2026-06-19", "2026-06-19", "NOT_DUE", null],
    ]);
  });

  it("a waived prescription item leaves the other prescriptions' items alone", () => {
    const h = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] });
    const list = items(h, "2026-05-10", US, [WAIVE("rx:r3:preg")]);
    expect(rows(list, "PREG_PRESCRIPTION")).toEqual([
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["rx:r3:preg", "2026-05-01", "WAIVED", null],
    ]);
  });

  it("with the 2026 modification and the opt-in, a home test closes the post-course test", () => {
    const h = treated({ endDate: "2026-09-30" }, { tests: [...TESTS, t("2026-10-30", "HOME")] });
    expect(one(items(h, "2026-11-10", US_HOME), "course:c1:preg-post")).toMatchObject({
      dueDate: "2026-10-30",
      status: "COMPLETED",
      completedOn: "2026-10-30",
    });
  });

  // Items are closed only by tests in a setting the rules in force on the test's day accept for treatment.
  it("a home test closes no item where home tests are not allowed", () => {
    const h = treated({}, { tests: [t("2026-02-05"), t("2026-02-27"), t("2026-03-30", "HOME")] });
    const list = items(h, "2026-04-10", US_HOME);
    expect(one(list, "course:c1:preg-monthly:2026-03-29").status).toBe("OVERDUE");
    expect(one(list, "rx:r2:preg").status).toBe("OVERDUE");
    const ended = treated({ endDate: "2026-09-30" }, { tests: [...TESTS, t("2026-10-30", "HOME")] });
    expect(one(items(ended, "2026-11-10", US), "course:c1:preg-post")).toMatchObject({ dueDate: "2026-10-30", status: "OVERDUE", completedOn: null });
  });

  it("an office test closes no item under iPLEDGE 2021, and does under the PPP", () => {
    const h = treated({}, { tests: [t("2026-02-05"), t("2026-02-27"), t("2026-03-30", "OFFICE")] });
    const us = items(h, "2026-04-10", US);
    expect(one(us, "course:c1:preg-monthly:2026-03-29")).toMatchObject({ status: "OVERDUE", completedOn: null });
    expect(one(us, "rx:r2:preg")).toMatchObject({ status: "OVERDUE", completedOn: null });
    const eu = items(h, "2026-04-10", EU);
    expect(one(eu, "course:c1:preg-monthly:2026-03-27")).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-30" });
    expect(one(eu, "rx:r2:preg")).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-30" });
  });

  it.each([
    // home test with the opt-in; course ended 8 Jul, post-course test due 7 Aug (2021 rules until 7 Aug, 2026 from 8 Aug)
    ["2026-08-07", "OVERDUE", null, `Pregnancy test due 30 days after the last dose on 8 Jul 2026 (course ended, ${NAME_2021}).`],
    ["2026-08-08", "COMPLETED", "2026-08-08", "Pregnancy test collected on 8 Aug 2026, 1 day after it was due (late), after the last dose on 8 Jul 2026."],
  ])("the rules on the test's day decide: a home test on %s leaves the post-course test %s", (testDate, status, completedOn, reason) => {
    const h = treated({ endDate: "2026-07-08" }, { tests: [...TESTS, t(testDate, "HOME")] });
    expect(one(items(h, "2026-08-20", US_HOME), "course:c1:preg-post")).toMatchObject({ dueDate: "2026-08-07", status, completedOn, reason });
  });

  it("the screening item accepts the screening tests the first prescription relied on, across the modification date", () => {
    const tests = [t("2026-07-25", "OFFICE"), t("2026-08-18", "OFFICE")];
    const planned = history({ tests, counseling: [counseledOn("2026-08-20")], courses: [course({ startDate: "2026-08-20" })] });
    expect(check(planned, "2026-08-20")).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-08-24", ruleSetName: NAME_2026 });
    const h = history({ tests, courses: [course({ startDate: "2026-08-20", prescriptions: [rx("r1", "2026-08-20")] })] });
    const s = one(items(h, "2026-08-25"), "course:c1:preg-screening");
    expect(s).toMatchObject({ status: "COMPLETED", completedOn: "2026-08-18" });
    expect(s.reason).toBe("2 pregnancy test(s) recorded, the last on 18 Aug 2026.");
  });
});
