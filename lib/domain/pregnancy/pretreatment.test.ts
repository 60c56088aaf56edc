import { describe, expect, it } from "vitest";
import type { ContraceptionRecord, PregnancyHistory } from "./index";
import { CANNOT, course, EU, history, NAME_2021, NAME_2026, NAME_EU, rulesOn, rx, t, type Over } from "./examples";
import { pretreatmentChecklist, type PretreatmentChecklist } from "./pretreatment";

/*
 * The checklist before a first prescription, worked out by hand. Today is 23 Nov 2026: the 2026 iPLEDGE
 * modification is in force with the default settings (tests in a laboratory or the clinic, 19 days between
 * the screening and the confirmation test, a 7-day window, contraception 30 days before, a 60-day lookback).
 */
const TODAY = "2026-11-23";
const US_2021: Over = { usModificationEffectiveFrom: "2027-01-01" };
const NONE: ContraceptionRecord[] = [];
const since = (startDate: string, endDate: string | null = null): ContraceptionRecord => ({ id: `k-${startDate}`, method: "TWO_METHODS", startDate, endDate });
/** A new patient: no course, nothing recorded unless given. */
const patient = (over: Partial<PregnancyHistory> = {}) => history({ courses: [], contraception: NONE, ...over });
const checklist = (h: PregnancyHistory, over: Over = {}, today = TODAY) => pretreatmentChecklist(h, today, rulesOn(over))!;
/** Each line as [key, done, date, earliest]. */
const ticks = (c: PretreatmentChecklist) => c.lines.map((l) => [l.key, l.done, l.date, l.earliest]);
const line = (c: PretreatmentChecklist, key: string) => c.lines.find((l) => l.key === key)!;

describe("a new patient who can become pregnant", () => {
  it("lists every line unticked, with the day each could be met and the earliest first prescription", () => {
    const c = checklist(patient());
    expect(c).toMatchObject({ ruleSetName: NAME_2026, newCourse: false, ready: false, waitsForReview: false, earliest: "2026-12-23" });
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", false, null, null],
      // A screening test today, then the confirmation 19 days later.
      ["CONFIRMATION_TEST", false, null, "2026-12-12"],
      // Documented from today: 30 days later.
      ["CONTRACEPTION", false, null, "2026-12-23"],
      ["COUNSELING", false, null, null],
      ["CONTRACEPTION_CONFIRMED", false, null, null],
    ]);
    expect(c.lines.map((l) => l.label)).toEqual([
      "Screening pregnancy test, negative, in a laboratory or the clinic",
      "Confirmation pregnancy test, negative, at least 19 days after the screening test, in the 7 days before the prescription",
      "Contraception (two methods or committed abstinence), documented from at least 30 days before",
      "Counseling in the 30 days before the prescription",
      "Contraception in use confirmed with the patient at a counseling in the 30 days before the prescription",
    ]);
    expect(line(c, "SCREENING_TEST").detail).toBe("None collected since 24 Sep 2026.");
    expect(line(c, "CONFIRMATION_TEST").detail).toBe(
      "After a screening test today, a negative test in a laboratory or the clinic collected on or after 12 Dec 2026 would do, " +
        "the prescription written within 7 days of it (the specimen date is day 1).",
    );
    // The prescribing check's own refusals, word for word.
    expect(line(c, "CONFIRMATION_TEST").reasons).toEqual([
      `No negative pregnancy test collected in a laboratory or the clinic from 17 Nov 2026 to 23 Nov 2026 (7-day window from the specimen date, ${NAME_2026}).`,
      `2 negative tests are needed before the first prescription (${NAME_2026}): a screening test, then a confirmation test at least 19 days later, ` +
        "in a laboratory or the clinic, since 24 Sep 2026; 0 qualify.",
    ]);
    expect(line(c, "CONTRACEPTION").detail).toBe(
      "None in use is documented. Documented from today, a first prescription could be written from 23 Dec 2026 (if in use earlier, record the day it started).",
    );
    expect(line(c, "COUNSELING").detail).toBe("Not recorded in the last 30 days: record it at the visit, or with the first prescription.");
    expect(line(c, "CONTRACEPTION_CONFIRMED")).toMatchObject({
      detail: "Not confirmed: record counseling with the contraception in use confirmed with the patient, at the visit or with the first prescription.",
      reasons: [
        "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 23 Nov 2026.",
      ],
    });
  });

  it("ticks each line as it is recorded, until a first prescription could be written today", () => {
    const screening = t("2026-11-02");
    let c = checklist(patient({ tests: [screening] }));
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", true, "2026-11-02", null],
      // 19 days after 2 Nov is 21 Nov: a test today would do.
      ["CONFIRMATION_TEST", false, null, TODAY],
      ["CONTRACEPTION", false, null, "2026-12-23"],
      ["COUNSELING", false, null, null],
      ["CONTRACEPTION_CONFIRMED", false, null, null],
    ]);
    expect(line(c, "CONFIRMATION_TEST").detail).toContain("collected today or later would do");

    // Documented from 10 Nov: it counts from then, so not before 10 Dec.
    c = checklist(patient({ tests: [screening], contraception: [since("2026-11-10")] }));
    expect(line(c, "CONTRACEPTION")).toMatchObject({
      done: false,
      earliest: "2026-12-10",
      detail: "Documented from 10 Nov 2026: it counts from that day, so a first prescription could be written from 10 Dec 2026.",
    });
    expect(c.earliest).toBe("2026-12-10");

    const contraception = [since("2026-10-20")];
    c = checklist(patient({ tests: [screening], contraception }));
    expect(line(c, "CONTRACEPTION")).toMatchObject({ done: true, date: "2026-10-20", detail: "Documented from 20 Oct 2026, in use." });
    expect(c.earliest).toBe(TODAY);

    c = checklist(patient({ tests: [screening, t("2026-11-22")], contraception }));
    expect(line(c, "CONFIRMATION_TEST")).toMatchObject({
      done: true,
      date: "2026-11-22",
      detail: "Collected on 22 Nov 2026 in a laboratory, 20 days after the screening test; a first prescription may be written through 28 Nov 2026.",
    });
    expect(c.ready).toBe(false);

    // Counseling without the contraception confirmed: every line but the confirmation.
    c = checklist(patient({ tests: [screening, t("2026-11-22")], contraception, counseling: [{ id: "n", date: "2026-11-20" }] }));
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", true, "2026-11-02", null],
      ["CONFIRMATION_TEST", true, "2026-11-22", null],
      ["CONTRACEPTION", true, "2026-10-20", null],
      ["COUNSELING", true, "2026-11-20", null],
      ["CONTRACEPTION_CONFIRMED", false, null, null],
    ]);
    expect(c).toMatchObject({ ready: false, earliest: TODAY });

    c = checklist(
      patient({ tests: [screening, t("2026-11-22")], contraception, counseling: [{ id: "n", date: "2026-11-20", confirmedContraceptionId: "k-2026-10-20" }] }),
    );
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", true, "2026-11-02", null],
      ["CONFIRMATION_TEST", true, "2026-11-22", null],
      ["CONTRACEPTION", true, "2026-10-20", null],
      ["COUNSELING", true, "2026-11-20", null],
      ["CONTRACEPTION_CONFIRMED", true, "2026-11-20", null],
    ]);
    expect(line(c, "CONTRACEPTION_CONFIRMED").detail).toBe("Confirmed at the counseling of 20 Nov 2026.");
    expect(c).toMatchObject({ ready: true, earliest: TODAY });
  });

  it("a confirmation test too soon after the screening test is not ticked, and says from when one would do", () => {
    // 14 Nov + 19 days = 3 Dec.
    const counseling = [{ id: "n", date: TODAY, confirmedContraceptionId: "k-2026-01-01" }];
    const c = checklist(patient({ tests: [t("2026-11-14"), t("2026-11-21")], contraception: [since("2026-01-01")], counseling }));
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", true, "2026-11-14", null],
      ["CONFIRMATION_TEST", false, null, "2026-12-03"],
      ["CONTRACEPTION", true, "2026-01-01", null],
      ["COUNSELING", true, TODAY, null],
      ["CONTRACEPTION_CONFIRMED", true, TODAY, null],
    ]);
    expect(c.earliest).toBe("2026-12-03");
  });

  it("contraception that ended, or with a gap, is not ticked; records that follow one another are", () => {
    expect(line(checklist(patient({ contraception: [since("2026-01-01", "2026-11-01")] })), "CONTRACEPTION")).toMatchObject({
      done: false,
      earliest: "2026-12-23",
    });
    const chained = [{ ...since("2026-09-01", "2026-10-10"), method: "ABSTINENCE" as const }, since("2026-10-11")];
    expect(line(checklist(patient({ contraception: chained })), "CONTRACEPTION")).toMatchObject({ done: true, date: "2026-09-01" });
    // A day without contraception on 1 Nov: it counts from 2 Nov, so from 2 Dec.
    const gap = [since("2026-09-01", "2026-10-31"), since("2026-11-02")];
    expect(line(checklist(patient({ contraception: gap })), "CONTRACEPTION")).toMatchObject({ done: false, earliest: "2026-12-02" });
  });

  it("counseling more than 30 days ago is not ticked and names the last one", () => {
    const c = checklist(patient({ counseling: [{ id: "n", date: "2026-10-23" }] }));
    expect(line(c, "COUNSELING")).toMatchObject({
      done: false,
      detail: "Not recorded in the last 30 days (last on 23 Oct 2026): record it at the visit, or with the first prescription.",
    });
    expect(line(checklist(patient({ counseling: [{ id: "n", date: "2026-10-25" }] })), "COUNSELING")).toMatchObject({ done: true, date: "2026-10-25" });
  });
});

describe("by rule set", () => {
  it("iPLEDGE 2021: a test at the clinic does not count before treatment", () => {
    const c = checklist(patient({ tests: [t("2026-10-30", "OFFICE")] }), US_2021);
    expect(c.ruleSetName).toBe(NAME_2021);
    expect(line(c, "SCREENING_TEST")).toMatchObject({ label: "Screening pregnancy test, negative, in a laboratory", done: false });
  });

  it("iPLEDGE 2021: after a missed window the next test waits 19 days, and the confirmation line says so", () => {
    // Screening 20 Oct, confirmation 10 Nov (its window closed on 16 Nov unused): the next test from 29 Nov.
    const c = checklist(patient({ tests: [t("2026-10-20"), t("2026-11-10")], contraception: [since("2026-01-01")] }), US_2021);
    expect(line(c, "CONFIRMATION_TEST")).toMatchObject({ done: false, earliest: "2026-11-29" });
    expect(line(c, "CONFIRMATION_TEST").detail).toContain("collected on or after 29 Nov 2026 would do");
    expect(c.earliest).toBe("2026-11-29");
    // Under the modification, an immediate retest.
    expect(line(checklist(patient({ tests: [t("2026-10-20"), t("2026-11-10")] })), "CONFIRMATION_TEST").earliest).toBe(TODAY);
  });

  it("EU/UK PPP: one test, in the 4 days before the prescription", () => {
    const c = checklist(patient({ tests: [t("2026-11-21", "OFFICE")], contraception: [since("2026-10-01")] }), EU);
    expect(c.ruleSetName).toBe(NAME_EU);
    expect(ticks(c)).toEqual([
      ["CONFIRMATION_TEST", true, "2026-11-21", null],
      ["CONTRACEPTION", true, "2026-10-01", null],
      ["COUNSELING", false, null, null],
      ["CONTRACEPTION_CONFIRMED", false, null, null],
    ]);
    expect(line(c, "CONFIRMATION_TEST")).toMatchObject({
      label: "Pregnancy test, negative, in a laboratory or the clinic, in the 4 days before the prescription",
      detail: "Collected on 21 Nov 2026 in the clinic; a first prescription may be written through 24 Nov 2026.",
    });
    expect(c).toMatchObject({ ready: false, earliest: TODAY });
    // A test five days ago is outside the window.
    expect(line(checklist(patient({ tests: [t("2026-11-18")] }), EU), "CONFIRMATION_TEST")).toMatchObject({ done: false, earliest: TODAY });
  });
});

describe("a new course after an earlier one", () => {
  // A course to 20 Nov whose last prescription (20 Nov) rested on the test of 19 Nov.
  const ended = (endDate: string | null) =>
    course({
      startDate: "2026-06-01",
      endDate,
      prescriptions: [
        { ...rx("r1", "2026-06-01"), pregnancyTestId: "t-may" },
        { ...rx("r2", "2026-11-20"), pregnancyTestId: "t-19" },
      ],
    });
  const earlier = (endDate: string | null) =>
    history({
      courses: [ended(endDate)],
      tests: [t("2026-05-30", "LAB", "NEGATIVE", "t-may"), t("2026-10-20"), t("2026-11-19", "LAB", "NEGATIVE", "t-19")],
      counseling: [{ id: "n", date: "2026-11-20", confirmedContraceptionId: "k1" }],
    });

  it("asks for a test of its own: the one the last prescription used does not count", () => {
    const c = checklist(earlier("2026-11-22"));
    expect(c.newCourse).toBe(true);
    expect(ticks(c)).toEqual([
      ["SCREENING_TEST", true, "2026-10-20", null],
      ["CONFIRMATION_TEST", false, null, TODAY],
      ["CONTRACEPTION", true, "2025-01-01", null],
      ["COUNSELING", true, "2026-11-20", null],
      ["CONTRACEPTION_CONFIRMED", true, "2026-11-20", null],
    ]);
    expect(line(c, "CONFIRMATION_TEST").reasons).toEqual([
      "Each prescription needs a new negative pregnancy test: the latest one (19 Nov 2026) was already used for the prescription of 20 Nov 2026.",
    ]);
    expect(c.earliest).toBe(TODAY);
  });

  it("is not shown while a course is in progress, ends today or later, or for a patient who cannot become pregnant", () => {
    expect(pretreatmentChecklist(earlier(null), TODAY, rulesOn())).toBeNull();
    expect(pretreatmentChecklist(earlier(TODAY), TODAY, rulesOn())).toBeNull();
    expect(pretreatmentChecklist(earlier("2026-12-01"), TODAY, rulesOn())).toBeNull();
    expect(pretreatmentChecklist(patient({ categories: CANNOT }), TODAY, rulesOn())).toBeNull();
  });
});

describe("while a pregnancy test stops prescribing", () => {
  const ready = {
    tests: [t("2026-11-02"), t("2026-11-22")],
    contraception: [since("2026-10-01")],
    counseling: [{ id: "n", date: TODAY, confirmedContraceptionId: "k-2026-10-01" }],
  };

  it("an undecided positive test: a line of its own, and no day can be given before the dermatologist's review", () => {
    const c = checklist(patient({ ...ready, tests: [...ready.tests, t("2026-11-22", "LAB", "POSITIVE")] }));
    expect(c.lines[0]).toMatchObject({
      key: "NOT_STOPPED",
      done: false,
      earliest: null,
      detail: "Prescribing is stopped until a dermatologist reviews it.",
      reasons: ["A positive pregnancy test on 22 Nov 2026 has no documented dermatologist decision. Prescribing is stopped until one is recorded."],
    });
    expect(c).toMatchObject({ ready: false, earliest: null, waitsForReview: true });
  });

  it("a laboratory result waiting for review stops it too", () => {
    expect(checklist(patient({ ...ready, queuedLabResults: [{ id: "q1", specimenDate: TODAY }] }))).toMatchObject({
      ready: false,
      earliest: null,
      waitsForReview: true,
    });
  });

  it("a decided positive test waits for a negative test collected on a later day; tests before it no longer count", () => {
    const positive = t("2026-11-22", "LAB", "POSITIVE", "p");
    const c = checklist(patient({ ...ready, tests: [...ready.tests, positive], clearances: [{ testId: "p", decidedOn: TODAY, outcome: "FALSE_POSITIVE" }] }));
    expect(ticks(c)).toEqual([
      ["NOT_STOPPED", false, null, TODAY],
      ["SCREENING_TEST", false, null, null],
      ["CONFIRMATION_TEST", false, null, "2026-12-12"],
      ["CONTRACEPTION", true, "2026-10-01", null],
      ["COUNSELING", true, TODAY, null],
      ["CONTRACEPTION_CONFIRMED", true, TODAY, null],
    ]);
    expect(c).toMatchObject({ waitsForReview: false, earliest: "2026-12-12" });
  });
});
