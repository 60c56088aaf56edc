import { expect } from "vitest";
import type { MonitoringItem, Waiver } from "../monitoring/items";
import {
  DEFAULT_PREGNANCY_SETTINGS,
  checkPrescription,
  pregnancyItems,
  prescriptionHolds,
  rulesResolver,
  type LatestDispensable,
  type ContraceptionRecord,
  type CourseRecord,
  type PregnancyHistory,
  type PregnancySettings,
  type PregnancyTest,
  type PrescriptionRecord,
  type StoredPrescription,
  type TestResult,
  type TestSetting,
} from "./index";

/*
 * Worked examples of the pregnancy-prevention rules: settings, histories, tests and prescriptions, with the
 * checks and item lists they give. Every expected date in the examples is worked out by hand and written
 * out literally. Dates before 2026-08-08 fall under iPLEDGE 2021 with the default settings, dates from
 * 2026-08-08 under the 2026 modification.
 */

export type Over = Partial<PregnancySettings>;
export const US: Over = {};
export const US_HOME: Over = { homeTestsOptIn: true };
export const EU: Over = { programme: "EU_PPP" };
export const NAME_2021 = "iPLEDGE REMS (since 13 Dec 2021)";
export const NAME_2026 = "iPLEDGE REMS with the 2026 modification";
export const NAME_EU = "EU/UK Pregnancy Prevention Programme";

export const settings = (over: Over = {}): PregnancySettings => ({ ...DEFAULT_PREGNANCY_SETTINGS, ...over });
export const rulesOn = (over: Over = {}) => rulesResolver([{ effectiveFrom: "2000-01-01", settings: settings(over) }]);

export const t = (
  specimenDate: string,
  setting: TestSetting = "LAB",
  result: TestResult = "NEGATIVE",
  id = `${specimenDate}-${setting}-${result}`,
): PregnancyTest => ({
  id,
  specimenDate,
  result,
  setting,
});
export const ONGOING: ContraceptionRecord[] = [{ id: "k1", method: "TWO_METHODS", startDate: "2025-01-01", endDate: null }];
export const rx = (id: string, writtenOn: string, daysSupply = 30): PrescriptionRecord => ({ id, writtenOn, daysSupply, refills: 0 });
export const course = (over: Partial<CourseRecord> = {}): CourseRecord => ({
  id: "c1",
  startDate: "2026-01-05",
  endDate: null,
  pauses: [],
  prescriptions: [],
  ...over,
});
export const history = (over: Partial<PregnancyHistory> = {}): PregnancyHistory => ({
  categories: [],
  tests: [],
  contraception: ONGOING,
  counseling: [],
  clearances: [],
  courses: [course()],
  ...over,
});
export const CANNOT = [{ category: "CANNOT_BECOME_PREGNANT" as const, from: "2020-01-01" }];

/**
 * Counseling on `date` that confirmed the contraception record of `records` in use that day (the last listed
 * that started on or before it and had not ended), or none when no record is in use: the visit of a later
 * or first prescription below.
 */
export const counseledOn = (date: string, records: readonly ContraceptionRecord[] = ONGOING, id = "n1") => ({
  id,
  date,
  confirmedContraceptionId: records.filter((k) => k.startDate <= date && (k.endDate === null || k.endDate >= date)).at(-1)?.id ?? null,
});
/** A later prescription of course c1 (one was written on 2026-01-05), counseling recorded on the day with the contraception confirmed. */
export const later = (tests: PregnancyTest[], date: string, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests, counseling: [counseledOn(date, extra.contraception)], courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })], ...extra });
/** The first prescription of course c1 (started on the day), counseling recorded on the day with the contraception confirmed. */
export const firstRx = (tests: PregnancyTest[], date: string, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests, counseling: [counseledOn(date, extra.contraception)], courses: [course({ startDate: date })], ...extra });

export const check = (h: PregnancyHistory, date: string, over: Over = US, req: { daysSupply?: number; refills?: number; recordedOn?: string } = {}) =>
  checkPrescription(h, { courseId: "c1", date, recordedOn: req.recordedOn, daysSupply: req.daysSupply ?? 30, refills: req.refills ?? 0 }, rulesOn(over));
export const codes = (d: ReturnType<typeof check>) => [...d.refusals, ...d.confirmations].map((r) => r.code);

/**
 * The latest prescription as the caller gives it to pregnancyStatus: as stored, with its holds on the day by the rule
 * the data layer applies to every live prescription (prescriptionHolds, lib/data/prescription-holds.ts).
 */
export const latestOf = (h: PregnancyHistory, stored: StoredPrescription & Omit<LatestDispensable, "holds">, asOf: string, over: Over = US) => ({
  ...stored,
  holds: prescriptionHolds(h, stored, asOf, rulesOn(over)),
});

export const WAIVE = (itemKey: string): Waiver => ({ itemKey, reason: "Tested at outside clinic", waivedBy: "Dr. A", waivedAt: "2026-04-10T10:00:00Z" });
export const items = (h: PregnancyHistory, asOf: string, over: Over = US, waivers: Waiver[] = []) => pregnancyItems(h, asOf, rulesOn(over), waivers);
export const rows = (list: MonitoringItem[], kind?: string) =>
  list.filter((i) => !kind || i.kind === kind).map((i) => [i.key, i.dueDate, i.status, i.completedOn]);
export const one = (list: MonitoringItem[], key: string) => {
  const found = list.filter((i) => i.key === key);
  expect(found, key).toHaveLength(1);
  return found[0]!;
};

/** Screening 5 Feb, confirmation 27 Feb, course from 2 Mar with prescriptions on 2 Mar and 1 Apr, a test on 30 Mar. */
export const TESTS = [t("2026-02-05"), t("2026-02-27"), t("2026-03-30")];
export const treated = (over: Partial<CourseRecord> = {}, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests: TESTS, courses: [course({ startDate: "2026-03-02", prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01")], ...over })], ...extra });
