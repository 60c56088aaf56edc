import { dateInZone, type IsoDate } from "@/lib/domain/dates";

/** The clinic's IANA time zone: "today" and every entered calendar date are in it. */
export const CLINIC_TIME_ZONE = process.env.CLINIC_TIME_ZONE || "America/New_York";
export const CLINIC_NAME = process.env.CLINIC_NAME || "Isotrack Dermatology";

export function clinicToday(now = new Date()): IsoDate {
  return dateInZone(now, CLINIC_TIME_ZONE);
}

/** Prisma returns `date` columns as UTC-midnight Dates; this is their calendar date. */
export function isoFromDb(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** A record's days from its `date` columns: its first, and its last (null while it goes on). */
export const daysFromDb = (r: { startDate: Date; endDate: Date | null }) => ({
  startDate: isoFromDb(r.startDate),
  endDate: r.endDate ? isoFromDb(r.endDate) : null,
});

export function dbDate(iso: IsoDate): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}
