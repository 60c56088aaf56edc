import { describe, expect, it } from "vitest";
import { pregnancyStatus, preventionRecordVoided, type ContraceptionRecord, type CounselingRecord, type PregnancyHistory, type RulesOn } from "./index";
import { CANNOT, course, history, items, latestOf, rulesOn, rx } from "./examples";

/*
 * A prescription written on contraception and counseling that are voided since as entered in error. Course c1
 * from 2 Mar 2026 (iPLEDGE 2021: 30-day contraception lead, counseling in the 30 days up to the prescription):
 * r1 on 2 Mar is the first of the course (contraception from 31 Jan through 2 Mar), r2 on 1 Apr a later one
 * (contraception on 1 Apr; counseling from 3 Mar through 1 Apr).
 */
const K = (id: string, startDate: string, endDate: string | null = null): ContraceptionRecord => ({ id, method: "TWO_METHODS", startDate, endDate });
const N = (id: string, date: string): CounselingRecord => ({ id, date });
const COUNSELED = [N("n1", "2026-03-02"), N("n2", "2026-04-01")];
const SINCE_2025 = [K("k0", "2025-01-01")];
const onFile = (contraception: ContraceptionRecord[], counseling: CounselingRecord[] = COUNSELED, extra: Partial<PregnancyHistory> = {}) =>
  history({
    contraception,
    counseling,
    courses: [course({ startDate: "2026-03-02", prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01")] })],
    ...extra,
  });
const voided = (contraception: ContraceptionRecord[] = [], counseling: CounselingRecord[] = []) => ({ contraception, counseling });
const held = (h: PregnancyHistory, id: string, v: ReturnType<typeof voided>, on: RulesOn = rulesOn()) => preventionRecordVoided(h, id, v, on);

describe("contraception voided under a later prescription (documented on the day written)", () => {
  const gone = voided([K("k1", "2026-01-01")]);

  it("none left on file for the day: held", () => {
    expect(held(onFile([]), "r2", gone)).toBe(true);
  });

  it("another record on file covering the day (a correction): not held; one starting a day late, or ended a day early: held", () => {
    expect(held(onFile([K("k2", "2026-04-01")]), "r2", gone)).toBe(false);
    expect(held(onFile([K("k2", "2026-04-02")]), "r2", gone)).toBe(true);
    expect(held(onFile([K("k2", "2026-02-01", "2026-04-01")]), "r2", gone)).toBe(false);
    expect(held(onFile([K("k2", "2026-02-01", "2026-03-31")]), "r2", gone)).toBe(true);
  });

  it("the same record entered anew: not held", () => {
    expect(held(onFile([K("k1-again", "2026-01-01")]), "r2", gone)).toBe(false);
  });

  it("a voided record that did not cover the day either never met the check: not held", () => {
    expect(held(onFile([]), "r2", voided([K("k1", "2026-04-02")]))).toBe(false);
    expect(held(onFile([]), "r2", voided([K("k1", "2026-01-01", "2026-03-31")]))).toBe(false);
  });

  it("nothing voided since: not held, whatever is on file", () => {
    expect(held(onFile([]), "r2", voided())).toBe(false);
  });
});

describe("contraception voided under the first prescription of a course (documented from 30 days before)", () => {
  const gone = voided([K("k1", "2026-01-01")]);

  it("a record left on file from 31 Jan: not held; from 1 Feb: held", () => {
    expect(held(onFile([K("k2", "2026-01-31")]), "r1", gone)).toBe(false);
    expect(held(onFile([K("k2", "2026-02-01")]), "r1", gone)).toBe(true);
  });

  it("the voided record had met the lead together with a live one: held; with a day missing between them: never met, not held", () => {
    expect(held(onFile([K("k2", "2026-02-11")]), "r1", voided([K("k1", "2026-01-15", "2026-02-10")]))).toBe(true);
    expect(held(onFile([K("k2", "2026-02-11")]), "r1", voided([K("k1", "2026-01-15", "2026-02-09")]))).toBe(false);
  });

  it("the later prescription on the same records needs only its day: not held", () => {
    expect(held(onFile([K("k2", "2026-03-20")]), "r1", gone)).toBe(true);
    expect(held(onFile([K("k2", "2026-03-20")]), "r2", gone)).toBe(false);
  });

  it("a course started while she could not become pregnant: its first prescription after the change needed the lead", () => {
    // r1 on 2 Mar rests on no test (written under the other category); from 15 Mar she can become pregnant.
    const categories = [...CANNOT, { category: "CAN_BECOME_PREGNANT" as const, from: "2026-03-15" }];
    const courses = [course({ startDate: "2026-03-02", prescriptions: [{ ...rx("r1", "2026-03-02"), pregnancyTestId: null }, rx("r2", "2026-04-01")] })];
    expect(held(onFile([K("k2", "2026-03-15")], COUNSELED, { categories, courses }), "r2", gone)).toBe(true);
    expect(held(onFile([K("k2", "2026-03-02")], COUNSELED, { categories, courses }), "r2", gone)).toBe(false);
  });

  it("the lead of the rules in force on the day written, not of today", () => {
    const leadFrom = (date: string, days: number) => (d: string) => ({ ...rulesOn()(d), contraceptionLeadDays: d >= date ? days : 30 });
    // 10 days from 1 Mar: r1 needed contraception from 20 Feb.
    expect(held(onFile([K("k2", "2026-02-20")]), "r1", gone, leadFrom("2026-03-01", 10))).toBe(false);
    expect(held(onFile([K("k2", "2026-02-21")]), "r1", gone, leadFrom("2026-03-01", 10))).toBe(true);
    // 10 days only from 3 Mar, after r1 was written: it needed 30.
    expect(held(onFile([K("k2", "2026-02-20")]), "r1", gone, leadFrom("2026-03-03", 10))).toBe(true);
  });
});

describe("counseling voided (in the 30 days up to the prescription)", () => {
  const gone = voided([], [N("n2", "2026-04-01")]);

  it("none left in the 30 days: held; a live one on 3 Mar (day 30): not held; on 2 Mar, or after the prescription: held", () => {
    expect(held(onFile(SINCE_2025, []), "r2", gone)).toBe(true);
    expect(held(onFile(SINCE_2025, [N("n3", "2026-03-03")]), "r2", gone)).toBe(false);
    expect(held(onFile(SINCE_2025, [N("n3", "2026-03-02")]), "r2", gone)).toBe(true);
    expect(held(onFile(SINCE_2025, [N("n3", "2026-04-02")]), "r2", gone)).toBe(true);
  });

  it("the same counseling recorded anew: not held", () => {
    expect(held(onFile(SINCE_2025, [N("n2-again", "2026-04-01")]), "r2", gone)).toBe(false);
  });

  it("a voided counseling outside the 30 days never met the check: not held", () => {
    expect(held(onFile(SINCE_2025, []), "r2", voided([], [N("n0", "2026-03-02")]))).toBe(false);
  });
});

describe("the confirmation of the contraception voided (a counseling in the 30 days up to the prescription confirmed it)", () => {
  // r2 on 1 Apr rests on the counseling of 1 Apr, which confirmed k1 (in use since 2025); a plain counseling on 25 Mar stays on file.
  const confirmedBy = (id: string, date: string, record: string): CounselingRecord => ({ ...N(id, date), confirmedContraceptionId: record });
  const CONFIRMING = confirmedBy("n2", "2026-04-01", "k1");
  const PLAIN = [N("n1", "2026-03-02"), N("n3", "2026-03-25")];

  it("the confirming counseling voided: held, though counseling and contraception are still documented", () => {
    expect(held(onFile([K("k1", "2025-01-01")], PLAIN), "r2", voided([], [CONFIRMING]))).toBe(true);
  });

  it("the confirmed record voided: held, though another record covers the day; that record confirmed at a counseling up to the day: not held", () => {
    const gone = voided([K("k1", "2025-01-01")]);
    expect(held(onFile([K("k2", "2025-01-01")], [...PLAIN, CONFIRMING]), "r2", gone)).toBe(true);
    expect(held(onFile([K("k2", "2025-01-01")], [...PLAIN, CONFIRMING, confirmedBy("n4", "2026-04-01", "k2")]), "r2", gone)).toBe(false);
    // Confirmed after the prescription was written: too late for it.
    expect(held(onFile([K("k2", "2025-01-01")], [...PLAIN, CONFIRMING, confirmedBy("n4", "2026-04-02", "k2")]), "r2", gone)).toBe(true);
  });

  it("another live confirmation in the 30 days (from 3 Mar): not held; one on 2 Mar (day 31): held", () => {
    const live = [K("k1", "2025-01-01")];
    expect(held(onFile(live, [...PLAIN, confirmedBy("n5", "2026-03-03", "k1")]), "r2", voided([], [CONFIRMING]))).toBe(false);
    expect(held(onFile(live, [...PLAIN, confirmedBy("n5", "2026-03-02", "k1")]), "r2", voided([], [CONFIRMING]))).toBe(true);
  });

  it("a voided confirmation that never met the check (too early, or of a record no longer in use on the day): not held", () => {
    expect(held(onFile([K("k1", "2025-01-01")], PLAIN), "r2", voided([], [confirmedBy("n0", "2026-03-01", "k1")]))).toBe(false);
    const ended = [K("k1", "2025-01-01", "2026-03-31"), K("k2", "2026-04-01")];
    expect(held(onFile(ended, PLAIN), "r2", voided([], [confirmedBy("n0", "2026-03-20", "k1")]))).toBe(false);
  });

  it("a prescription written while she could not become pregnant: not held", () => {
    expect(held(onFile([K("k1", "2025-01-01")], PLAIN, { categories: CANNOT }), "r2", voided([], [CONFIRMING]))).toBe(false);
  });
});

describe("what the hold does not cover", () => {
  it("a prescription written while she could not become pregnant: not held", () => {
    expect(held(onFile([], [], { categories: CANNOT }), "r2", voided([K("k1", "2026-01-01")], [N("n2", "2026-04-01")]))).toBe(false);
  });

  it("a prescription not in the history (voided, or from paper records): not held", () => {
    expect(held(onFile([]), "r9", voided([K("k1", "2026-01-01")]))).toBe(false);
  });
});

describe("the banner", () => {
  const DO_NOT = "Do not dispense: the contraception or counseling it was written on was entered in error";
  // r2 written on 1 Apr, dispensable through 7 Apr; the contraception it was written on voided since.
  const stored = { prescriptionId: "r2", date: "2026-04-07", pregnancyTestVoided: false, voidedSince: voided([K("k1", "2026-01-01")]) };
  const status = (h: PregnancyHistory, asOf: string, latest: typeof stored) => pregnancyStatus(h, items(h, asOf), asOf, rulesOn(), latestOf(h, latest, asOf));

  it("do not dispense instead of the countdown, prescribing not stopped", () => {
    const s = status(onFile([]), "2026-04-03", stored);
    expect(s).toMatchObject({ prescribingStopped: false, dispenseBy: null });
    expect(s.doNotDispense).toEqual({ prescriptionId: "r2", reasons: ["PREVENTION_RECORD_VOIDED"], text: DO_NOT });
    expect(s.summary).not.toContain("dispense by");
  });

  it("with its test voided too: both reasons, the test first", () => {
    expect(status(onFile([]), "2026-04-03", { ...stored, pregnancyTestVoided: true }).doNotDispense).toEqual({
      prescriptionId: "r2",
      reasons: ["PREGNANCY_TEST_VOIDED", "PREVENTION_RECORD_VOIDED"],
      text: "Do not dispense: the pregnancy test it relied on was entered in error; the contraception or counseling it was written on was entered in error",
    });
  });

  it("corrected by a record covering the day, or nothing voided: the countdown", () => {
    expect(status(onFile([K("k2", "2026-03-25")]), "2026-04-03", stored)).toMatchObject({
      dispenseBy: { prescriptionId: "r2", date: "2026-04-07" },
      doNotDispense: null,
    });
    const { voidedSince: _, ...none } = stored;
    const latest = latestOf(onFile([]), none, "2026-04-03");
    expect(pregnancyStatus(onFile([]), [], "2026-04-03", rulesOn(), latest).dispenseBy).toEqual({ prescriptionId: "r2", date: "2026-04-07" });
  });

  it("once the dispense-by date has passed: nothing to hold", () => {
    expect(status(onFile([]), "2026-04-08", stored)).toMatchObject({ dispenseBy: null, doNotDispense: null });
  });
});
