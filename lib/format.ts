import { ageOn, type IsoDate } from "@/lib/domain/dates";

// One formatter each, built once: Number#toLocaleString with options builds a new Intl.NumberFormat on
// every call, which dominated the dashboard's rendering time.
const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const upToThreeDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

/** Display rounding happens here and only here: the engine keeps integers and exact quotients. */
export const formatMg = (mg: number) => `${wholeNumber.format(Math.round(mg))} mg`;
export const formatMgPerKg = (v: number) => `${oneDecimal.format(Math.round(v * 10) / 10)} mg/kg`;
export const formatKg = (grams: number) => `${upToOneDecimal.format(grams / 1000)} kg`;
/** A weight as entered, to the gram: where a figure said with it divides by it ("59.95 kg", not "60 kg"). */
export const formatKgAsEntered = (grams: number) => `${upToThreeDecimals.format(grams / 1000)} kg`;
export const formatPercent = (v: number) => `${Math.round(v)}%`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A calendar date as "18 Dec 2026", and a dash for none: the one display format of a date, on every page
 * and in the rules' reason texts. Pure: it reads the "YYYY-MM-DD" digits, never a clock or a time zone.
 */
export function formatDate(iso: IsoDate | null | undefined): string {
  if (!iso) return "—";
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${String(y).padStart(4, "0")}`;
}

/**
 * A date typed as the portal shows it ("12 Mar 1994", any case, the month's name whole or its first three
 * letters) as "YYYY-MM-DD"; null for anything else. The day is not checked against the month here.
 */
export function parseDisplayedDate(text: string): IsoDate | null {
  const shown = /^(\d{1,2}) ([a-z]{3})[a-z]* (\d{4})$/i.exec(text.trim());
  const month = shown ? MONTHS.findIndex((m) => m.toLowerCase() === shown[2]!.toLowerCase()) + 1 : 0;
  return shown && month ? `${shown[3]}-${String(month).padStart(2, "0")}-${shown[1]!.padStart(2, "0")}` : null;
}

/** "12 Mar 1994 (age 32)": a date of birth is always shown with the age it gives on the day shown. */
export function formatDateOfBirth(dateOfBirth: IsoDate, asOf: IsoDate): string {
  return `${formatDate(dateOfBirth)} (age ${ageOn(dateOfBirth, asOf)})`;
}

/** "1 result", "0 results", "2 entries": a count with its noun in the right number. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${wholeNumber.format(n)} ${n === 1 ? singular : plural}`;
}

/** "Nov 2026" and "23 Nov": the short forms of a date for a chart's time axis, where the full date is in its table. */
export function formatMonthYear(iso: IsoDate): string {
  const [y, m] = iso.split("-").map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}
export function formatDayMonth(iso: IsoDate): string {
  const [, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}`;
}
