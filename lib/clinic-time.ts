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

/** The zone's offset from UTC at an instant, in milliseconds (negative west of Greenwich). */
function offsetAt(instant: Date, timeZone: string): number {
  return partsIn(new Date(Math.floor(instant.getTime() / 1000) * 1000), timeZone) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a calendar day begins in the zone (daylight-saving days included). */
export function dayStartInZone(iso: string, timeZone: string = CLINIC_TIME_ZONE): Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let start = guess - offsetAt(new Date(guess), timeZone);
  // The offset at midnight itself may differ from the one at the guess (a change between them).
  start = guess - offsetAt(new Date(start), timeZone);
  return new Date(start);
}

const DISPLAY = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" } as const;
/** "23 Nov 2026, 14:05:09 EST": the clinic's wall clock and zone (en-US names zones as clinicians read them). */
export function formatInstant(instant: Date, timeZone: string = CLINIC_TIME_ZONE): string {
  const p = partsOf(instant, "en-US", timeZone, DISPLAY);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/**
 * "23 Nov 2026, 14:05": the clinic's wall clock to the minute, for people in the clinic (when a patient was
 * last contacted); the audit trail keeps seconds and the zone (formatInstant).
 */
export function formatClinicTime(instant: Date, timeZone: string = CLINIC_TIME_ZONE): string {
  const p = partsOf(instant, "en-US", timeZone, DISPLAY);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}
