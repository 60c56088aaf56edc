import { describe, expect, it } from "vitest";
import { dispensedTooLate, type PrescriptionRecord } from "./index";
import { t, rx, course, history, CANNOT, later, check, codes, counseledOn, items, rows, one, TESTS, treated } from "./examples";

/** A prescription as stored: with the test it rests on (null: none). */
const on = (id: string, writtenOn: string, pregnancyTestId: string | null): PrescriptionRecord => ({ ...rx(id, writtenOn), pregnancyTestId });
const T18 = t("2026-03-18");

describe("each prescription rests on a negative test of its own (patients who can become pregnant)", () => {
  it.each([
    // label, tests, prescriptions after the course's first on 5 Jan, message
    [
      "the test the prescription of the day before rests on",
      [T18],
      [on("r1", "2026-03-19", T18.id)],
      "Each prescription needs a new negative pregnancy test: the latest one (18 Mar 2026) was already used for the prescription of 19 Mar 2026.",
    ],
    [
      "the test a prescription of the same day rests on",
      [T18],
      [on("r1", "2026-03-20", T18.id)],
      "Each prescription needs a new negative pregnancy test: the latest one (18 Mar 2026) was already used for the prescription of 20 Mar 2026.",
    ],
    [
      "a test collected before the previous prescription, which rests on no known test",
      [t("2026-03-15")],
      [rx("r1", "2026-03-19")],
      "Each prescription needs a new negative pregnancy test, collected after the latest prescription (19 Mar 2026): the latest one is from 15 Mar 2026.",
    ],
    [
      "a test collected before a prescription dated later",
      [T18, t("2026-03-24")],
      [on("r1", "2026-03-25", "2026-03-24-LAB-NEGATIVE")],
      "Each prescription needs a new negative pregnancy test, collected after the latest prescription (25 Mar 2026): the latest one is from 18 Mar 2026.",
    ],
  ] as const)("refuses %s", (_l, tests, rxs, message) => {
    const h = later([...tests], "2026-03-20", { courses: [course({ prescriptions: [rx("r0", "2026-01-05"), ...rxs] })] });
    const d = check(h, "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["TEST_ALREADY_USED"]);
    expect(d.refusals[0]!.message).toBe(message);
  });

  it("allows a test collected the day after the previous prescription", () => {
    const h = later([T18, t("2026-03-19")], "2026-03-20", { courses: [course({ prescriptions: [rx("r0", "2026-01-05"), on("r1", "2026-03-18", T18.id)] })] });
    expect(check(h, "2026-03-20")).toMatchObject({ outcome: "ALLOWED", windowTest: { specimenDate: "2026-03-19" } });
  });

  it("a test used by the last prescription of an ended course does not back the first of the next course", () => {
    const courses = (tests: string[]) =>
      history({
        tests: tests.map((d) => t(d)),
        counseling: [counseledOn("2026-03-20")],
        courses: [
          course({ id: "c0", endDate: "2026-03-18", prescriptions: [rx("r0", "2026-01-05"), on("r1", "2026-03-18", "2026-03-17-LAB-NEGATIVE")] }),
          course({ id: "c1", startDate: "2026-03-20" }),
        ],
      });
    const d = check(courses(["2026-02-20", "2026-03-17"]), "2026-03-20");
    expect(codes(d)).toEqual(["TEST_ALREADY_USED"]);
    expect(d.refusals[0]!.message).toContain("was already used for the prescription of 18 Mar 2026");
    expect(check(courses(["2026-02-20", "2026-03-17", "2026-03-19"]), "2026-03-20")).toMatchObject({
      outcome: "ALLOWED",
      windowTest: { specimenDate: "2026-03-19" },
    });
  });

  it("a prescription resting on a test counts whatever the category on its date (entered later, under the category of that day)", () => {
    const h = later([T18], "2026-03-22", {
      categories: [...CANNOT, { category: "CAN_BECOME_PREGNANT", from: "2026-03-25" }],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05"), on("r1", "2026-03-19", T18.id)] })],
    });
    const d = check(h, "2026-03-22", {}, { recordedOn: "2026-03-26" });
    expect(codes(d)).toEqual(["TEST_ALREADY_USED"]);
    expect(d.refusals[0]!.message).toContain("was already used for the prescription of 19 Mar 2026");
  });
});

describe("the first prescription written while the patient can become pregnant", () => {
  // Cannot become pregnant until 19 Mar (prescriptions on 5 Jan and 19 Mar, on no test), can from 20 Mar.
  const changed = (tests: string[], over: { contraceptionFrom?: string; r1?: PrescriptionRecord } = {}) =>
    history({
      categories: [...CANNOT, { category: "CAN_BECOME_PREGNANT", from: "2026-03-20" }],
      tests: tests.map((d) => t(d)),
      counseling: [{ id: "n", date: "2026-03-20", confirmedContraceptionId: "k" }],
      contraception: [{ id: "k", method: "TWO_METHODS", startDate: over.contraceptionFrom ?? "2025-01-01", endDate: null }],
      courses: [course({ prescriptions: [on("r0", "2026-01-05", null), over.r1 ?? on("r1", "2026-03-19", null)] })],
    });

  it("is held to the screening and the contraception lead, as a course start would be", () => {
    const d = check(changed(["2026-03-18"], { contraceptionFrom: "2026-03-01" }), "2026-03-20");
    expect(codes(d)).toEqual(["SCREENING_INCOMPLETE", "CONTRACEPTION_NOT_DOCUMENTED"]);
    expect(d.refusals.map((r) => r.message)).toEqual([
      "2 negative tests are needed before the first prescription (iPLEDGE REMS (since 13 Dec 2021)): a screening test, then a confirmation test " +
        "at least 19 days later, in a laboratory, since 19 Jan 2026; 1 qualifies.",
      "Contraception (two methods or committed abstinence) must be documented from 18 Feb 2026, 30 days before the first prescription; " +
        "it is documented only from 1 Mar 2026.",
    ]);
    // The prescriptions written while she could not become pregnant rested on no test: the test of 18 Mar is hers to use.
    expect(check(changed(["2026-02-20", "2026-03-18"]), "2026-03-20")).toMatchObject({ outcome: "ALLOWED", windowTest: { specimenDate: "2026-03-18" } });
  });

  it("a prescription on no test from the day of the change was written before it: the next is still the first, on a test collected after it", () => {
    const d = check(changed(["2026-03-18"], { r1: on("r1", "2026-03-20", null) }), "2026-03-20");
    expect(codes(d)).toEqual(["TEST_ALREADY_USED", "SCREENING_INCOMPLETE"]);
  });
});

describe("dispensed after the dispense-by date", () => {
  it("is refused, naming the date; a new prescription needs a new test only where this one did", () => {
    const h = later([T18], "2026-03-20");
    const d = check(h, "2026-03-20");
    expect(d).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-03-24" });
    expect(dispensedTooLate(d, "2026-03-24")).toBeNull();
    expect(dispensedTooLate(d, "2026-03-25")).toBe(
      "The window to dispense this prescription closed on 24 Mar 2026 (its dispense-by date): write a new prescription, with a new negative pregnancy test.",
    );
    // Cannot become pregnant, iPLEDGE 2021: filled within 30 days.
    const cannot = check(
      history({ categories: CANNOT, counseling: [{ id: "n", date: "2026-03-20" }], courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })] }),
      "2026-03-20",
    );
    expect(cannot).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-04-18", windowTest: null });
    expect(dispensedTooLate(cannot, "2026-04-19")).toBe(
      "The window to dispense this prescription closed on 18 Apr 2026 (its dispense-by date): write a new prescription.",
    );
    // No limit under the 2026 modification for a patient who cannot become pregnant.
    expect(dispensedTooLate({ dispenseBy: null, windowTest: null }, "2027-01-01")).toBeNull();
  });
});

describe("monitoring agrees: a test closes one prescription's item", () => {
  const reused = (extra: string[] = []) =>
    treated(
      {
        prescriptions: [
          on("r1", "2026-03-02", "2026-02-27-LAB-NEGATIVE"),
          on("r2", "2026-04-01", "2026-03-30-LAB-NEGATIVE"),
          on("r3", "2026-04-03", "2026-03-30-LAB-NEGATIVE"),
        ],
      },
      { tests: [...TESTS, ...extra.map((d) => t(d))] },
    );

  it("a prescription on a test already used stays open, naming the reuse, until a test of its own (late)", () => {
    const list = items(reused(), "2026-04-10");
    expect(rows(list, "PREG_PRESCRIPTION")).toEqual([
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["rx:r3:preg", "2026-04-03", "OVERDUE", null],
    ]);
    expect(one(list, "rx:r3:preg").reason).toBe(
      "A new pregnancy test was due within 7 days before the prescription of 3 Apr 2026: the test of 30 Mar 2026 was already used " +
        "for the prescription of 1 Apr 2026; none recorded since.",
    );
    expect(one(items(reused(["2026-04-06"]), "2026-04-10"), "rx:r3:preg")).toMatchObject({ status: "COMPLETED", completedOn: "2026-04-06" });
  });

  it("a prescription on a test collected before the previous one (no test link known) says a test after that one was due", () => {
    const h = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-03-31"), rx("r3", "2026-04-01")] });
    expect(one(items(h, "2026-04-10"), "rx:r3:preg")).toMatchObject({
      status: "OVERDUE",
      reason: "A new pregnancy test was due within 7 days before the prescription of 1 Apr 2026, after the prescription of 31 Mar 2026; none recorded since.",
    });
  });

  it("after a change to can become pregnant, screening is due before the next prescription and the earlier ones need no test", () => {
    const h = (tests: string[], prescriptions: PrescriptionRecord[]) =>
      history({
        categories: [...CANNOT, { category: "CAN_BECOME_PREGNANT", from: "2026-03-20" }],
        tests: tests.map((d) => t(d)),
        courses: [course({ startDate: "2026-03-02", prescriptions })],
      });
    const before = items(h(["2026-03-18"], [on("r1", "2026-03-02", null)]), "2026-03-20");
    expect(rows(before, "PREG_SCREENING")).toEqual([["course:c1:preg-screening", "2026-03-20", "DUE", null]]);
    expect(rows(before, "PREG_PRESCRIPTION")).toEqual([]);
    const written = items(h(["2026-02-20", "2026-03-18"], [on("r1", "2026-03-02", null), on("r2", "2026-03-20", "2026-03-18-LAB-NEGATIVE")]), "2026-03-20");
    expect(rows(written, "PREG_SCREENING")).toEqual([["course:c1:preg-screening", "2026-03-20", "COMPLETED", "2026-03-18"]]);
    expect(rows(written, "PREG_PRESCRIPTION")).toEqual([["rx:r2:preg", "2026-03-20", "COMPLETED", "2026-03-18"]]);
  });
});
