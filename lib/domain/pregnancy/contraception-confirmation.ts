import { formatDate } from "@/lib/format";
import { addDays, type IsoDate } from "../dates";
import type { ContraceptionRecord, CounselingRecord } from "./history";
import type { PrescribingReason } from "./prescribing";
import type { EffectiveRules } from "./rules";

/**
 * The monthly confirmation of the contraception in use (docs/DOMAIN.md, "Pregnancy prevention rule sets"):
 * each month before a prescription for a patient who can become pregnant, the prescriber confirms with the
 * patient the contraception (two methods, or committed abstinence) in use, and records it with the
 * counseling (iPLEDGE: the prescriber's monthly confirmation of the two methods; PPP: SmPC 4.4, effective
 * contraception checked at each monthly visit). A counseling confirms one contraception record, the one in
 * use on its day; a prescription needs a counseling within the rule set's days before it
 * (contraceptionConfirmationDays, rules.ts) that confirmed a record still in use on the prescription's day.
 */

type Dated = Pick<ContraceptionRecord, "startDate" | "endDate">;

/** Is the record in use on the day: started on or before it, not ended before it (open while ongoing)? */
export const inUseOn = (r: Dated, day: IsoDate) => r.startDate <= day && (r.endDate === null || r.endDate >= day);

/**
 * The record in use on a day, the latest started where records overlap (a new record replaces the one in
 * use); null when none is. Callers pass live records only: a voided one is in use on no day.
 */
export function contraceptionInUseOn<T extends Dated>(records: readonly T[], day: IsoDate): T | null {
  let found: T | null = null;
  for (const r of records) if (inUseOn(r, day) && (found === null || r.startDate > found.startDate)) found = r;
  return found;
}

/**
 * The latest counseling in the `days` days up to `date` (the day itself counted as day 1) that confirmed a
 * contraception record of `contraception` in use on `date`; null when none did. Only the live records count:
 * a counseling or a contraception record voided as entered in error confirms nothing.
 */
export function confirmingCounseling(
  contraception: readonly ContraceptionRecord[],
  counseling: readonly CounselingRecord[],
  date: IsoDate,
  days: number,
): CounselingRecord | null {
  const from = addDays(date, -(days - 1));
  const covering = new Set(contraception.filter((c) => inUseOn(c, date)).map((c) => c.id));
  let found: CounselingRecord | null = null;
  for (const k of counseling) {
    if (k.date < from || k.date > date || !k.confirmedContraceptionId || !covering.has(k.confirmedContraceptionId)) continue;
    if (found === null || k.date > found.date) found = k;
  }
  return found;
}

/**
 * The prescribing check's refusal when no counseling in the rule set's days confirmed contraception in use on
 * the prescription's day. It names the latest confirmation: one within those days confirmed a record no longer
 * in use (replaced since, or voided), which it says, so that its date is not read as a confirmation that counts.
 */
export function contraceptionNotConfirmed(
  h: { contraception: readonly ContraceptionRecord[]; counseling: readonly CounselingRecord[] },
  date: IsoDate,
  r: EffectiveRules,
): PrescribingReason | null {
  const days = r.contraceptionConfirmationDays;
  if (confirmingCounseling(h.contraception, h.counseling, date, days)) return null;
  const last = h.counseling
    .filter((k) => k.confirmedContraceptionId && k.date <= date)
    .map((k) => k.date)
    .sort()
    .at(-1);
  const since =
    last === undefined
      ? ""
      : last >= addDays(date, -(days - 1))
        ? ` (the contraception confirmed on ${formatDate(last)} is no longer the record in use)`
        : ` (last confirmed on ${formatDate(last)})`;
  return {
    code: "CONTRACEPTION_NOT_CONFIRMED",
    message:
      `Record counseling with the contraception confirmed with the patient: no counseling in the ${days} days before this prescription ` +
      `confirmed contraception in use on ${formatDate(date)}${since}.`,
  };
}
