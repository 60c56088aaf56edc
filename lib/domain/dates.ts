/**
 * Calendar dates in the clinic's time zone. Clinical dates (specimen date, course start, dose effective
 * date) are days on a calendar, not instants: they are carried as ISO strings "YYYY-MM-DD" and computed
 * on as integer day numbers (days since 1970-01-01), so that a DST change or a leap day cannot shift a
 * dose by an hour or a day.
 */
export type IsoDate = string;
export type DayNumber = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function toDay(iso: IsoDate): DayNumber {
  if (!isValidIsoDate(iso)) throw new RangeError(`Not a calendar date: ${iso}`);
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromDay(day: DayNumber): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDay(toDay(iso) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDay(to) - toDay(from);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: DayNumber): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromDay(Date.UTC(ny, nm, Math.min(d, lastDay)) / MS_PER_DAY);
}

/** The calendar date of an instant in the given IANA time zone. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export function dateInZone(instant: Date, timeZone: string): IsoDate {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    // Built once per zone: constructing an Intl.DateTimeFormat costs far more than using one.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    zoneFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/**
 * Age in completed years on a day, for display next to a date of birth (no rule uses it). A 29 February
 * birthday counts as passed from 1 March in a common year; jurisdictions differ (28 Feb or 1 Mar).
 */
export function ageOn(dateOfBirth: IsoDate, asOf: IsoDate): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/**
 * Of effective-dated versions (each in force from its date until the next), the one in force on a day: the
 * latest whose date is on or before it, the later in the list on the same day (lists come oldest first, by
 * date then version: lib/data/config.ts). Undefined before the first.
 */
export function versionInForce<V extends { effectiveFrom: IsoDate }>(versions: readonly V[], day: IsoDate): V | undefined {
  let found: V | undefined;
  for (const v of versions) if (v.effectiveFrom <= day && (found === undefined || v.effectiveFrom >= found.effectiveFrom)) found = v;
  return found;
}
