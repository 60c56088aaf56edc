import { CLINIC_TIME_ZONE } from "./clinic";

/**
 * Instants shown and filtered in the clinic's time zone, with the zone named: audit times are stored in
 * UTC and read by people in the clinic.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
/** Built once per locale, zone and style: constructing an Intl.DateTimeFormat costs far more than using one. */
function partsOf(instant: Date, locale: string, timeZone: string, style: Intl.DateTimeFormatOptions): Record<string, string> {
  const key = `${locale}|${timeZone}|${style.timeZoneName ?? ""}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, hourCycle: "h23", ...style })));
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
}

const NUMERIC = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;
function partsIn(instant: Date, timeZone: string) {
  const parts = partsOf(instant, "en-GB", timeZone, NUMERIC);
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

/** The zone's offset from UTC at an instant, in milliseconds (negative west of Greenwich); zones change offset on whole seconds. */
function offsetAt(at: number, timeZone: string): number {
  const second = Math.floor(at / 1000) * 1000;
  return partsIn(new Date(second), timeZone) - second;
}

const HOUR = 3_600_000;

/**
 * The instant a calendar day begins in the zone: the first instant whose local date is that day. Usually its
 * midnight, the earlier one where midnight comes twice (clocks back from 01:00 to 00:00); where midnight is
 * skipped (clocks forward from 00:00 to 01:00, as in Havana, Santiago or Beirut), the moment the clocks
 * change. A day the zone skipped entirely (Apia, 30 Dec 2011) begins when the next one does.
 */
export function dayStartInZone(iso: string, timeZone: string = CLINIC_TIME_ZONE): Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d); // the day's first wall-clock reading, written as if in UTC
  // Local midnight falls between 14 hours before and 12 hours after UTC midnight (offsets -12:00 to +14:00);
  // the offsets in force there are those that could read it.
  const offsets = [...new Set([-14 * HOUR, 0, 12 * HOUR].map((t) => offsetAt(midnight + t, timeZone)))];
  const readings = offsets.map((offset) => midnight - offset).filter((at) => offsetAt(at, timeZone) === midnight - at);
  if (readings.length > 0) return new Date(Math.min(...readings));
  // Midnight is never read: the clocks jump over it, at the first second whose wall clock is past it.
  let before = midnight - Math.max(...offsets); // read before midnight
  let after = midnight - Math.min(...offsets); // read after midnight
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (mid + offsetAt(mid, timeZone) < midnight) before = mid;
    else after = mid;
  }
  return new Date(after);
}

const DISPLAY = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" } as const;
/** "23 Nov 2026, 14:05:09 EST": the clinic's wall clock and zone (en-US names zones as clinicians read them). */
export function formatInstant(instant: Date, timeZone: string = CLINIC_TIME_ZONE): string {
  const p = partsOf(instant, "en-US", timeZone, DISPLAY);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** "2026-11-23 14:05": the clinic's wall clock to the minute, in the form a spreadsheet reads as a date and time (CSV exports). */
export function clinicDateTime(instant: Date, timeZone: string = CLINIC_TIME_ZONE): string {
  const p = partsOf(instant, "en-GB", timeZone, NUMERIC);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * "23 Nov 2026, 14:05": the clinic's wall clock to the minute, for people in the clinic (when a patient was
 * last contacted); the audit trail keeps seconds and the zone (formatInstant).
 */
export function formatClinicTime(instant: Date, timeZone: string = CLINIC_TIME_ZONE): string {
  const p = partsOf(instant, "en-US", timeZone, DISPLAY);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}
