import { formatDate } from "@/lib/format";
import type { IsoDate } from "./dates";

/**
 * A weight is measured on the patient, and a specimen taken from them: neither can be dated before the day
 * they were born (a date typed with the wrong year: 1990 for 2026). The day of birth itself is a day like any
 * other. Every entry of a weight or a lab result by hand, its correction and a migration file's row are held
 * to this; a laboratory's message is judged where it is received.
 */
export const isBeforeBirth = (date: IsoDate, dateOfBirth: IsoDate): boolean => date < dateOfBirth;

/** "The date is before the patient's date of birth (15 Jun 2003).", or null for a date on or after it. */
export function beforeBirthProblem(date: IsoDate, dateOfBirth: IsoDate): string | null {
  return isBeforeBirth(date, dateOfBirth) ? `The date is before the patient's date of birth (${formatDate(dateOfBirth)}).` : null;
}
