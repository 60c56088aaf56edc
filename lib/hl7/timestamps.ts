import { CLINIC_TIME_ZONE } from "@/lib/clinic";
import { dateInZone } from "@/lib/domain/dates";

// HL7 v2 dates and timestamps (DT, DTM) as the calendar days the import records.

/** A date as written (YYYYMMDD, anything after it ignored), or null: a date of birth is not converted to the clinic's zone. */
export function writtenDate(ts: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(ts);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * An HL7 timestamp (YYYYMMDD[HH[MM[SS[.S...]]]][+/-ZZZZ]) as a calendar day in the clinic's zone, or null
 * if it is not one. With an offset and a time, the instant is converted to the clinic's zone before its
 * date is taken (03:30 +0000 on 23 Nov is 22 Nov in New York); without an offset the time is the clinic's
 * own and the date is as written.
 */
export function hl7Day(ts: string, timeZone: string = CLINIC_TIME_ZONE): string | null {
  const m = /^(\d{8})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.\d{1,4})?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/.exec(ts);
  if (!m) return null;
  const day = writtenDate(m[1]!);
  const [hh, mm, ss, sign, oh, om] = [m[2], m[3], m[4], m[5], m[6], m[7]];
  if (!day || Number(hh ?? 0) > 23 || Number(mm ?? 0) > 59 || Number(ss ?? 0) > 59) return null;
  if (!sign) return day;
  if (Number(oh) > 14 || Number(om) > 59) return null;
  if (hh === undefined) return day;
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const [y, mo, d] = day.split("-").map(Number) as [number, number, number];
  const instant = Date.UTC(y, mo - 1, d, Number(hh), Number(mm ?? 0), Number(ss ?? 0)) - offsetMinutes * 60_000;
  return dateInZone(new Date(instant), timeZone);
}
