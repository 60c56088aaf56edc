import { formatDate } from "@/lib/format";
import { addDays, type IsoDate } from "../dates";
import { categoryOn, checkedAsCanBecomePregnant, type CategoryChange, type ContraceptionRecord, type CounselingRecord } from "./history";
import type { PrescribingReason } from "./prescribing";
import type { EffectiveRules } from "./rules";

/**
 * The monthly confirmation of the contraception in use (docs/DOMAIN.md, "Pregnancy prevention rule sets"):
 * each month before a prescription for a patient who can become pregnant, the prescriber confirms with the
 * patient the contraception (two methods, or committed abstinence) in use, and records it with the
 * counseling (iPLEDGE: the prescriber's monthly confirmation of the two methods; PPP: SmPC 4.4, effective
 * contraception checked at each monthly visit). A counseling confirms one contraception record, the one in
 * use on its day: a record not in use that day (one that started later, or had ended) was not the
 * contraception confirmed with the patient, so such a confirmation confirms nothing, however the counseling
 * came to be written (the forms refuse it; an import or a hand-made row does not count). A prescription
 * needs a counseling within the rule set's days before it (contraceptionConfirmationDays, rules.ts) that
 * confirmed a record in use on the counseling's day and still in use on the prescription's day.
 */

type Dated = Pick<ContraceptionRecord, "startDate" | "endDate">;

/** Is the record in use on the day: started on or before it, not ended before it (open while ongoing)? */
export const inUseOn = (r: Dated, day: IsoDate) => r.startDate <= day && (r.endDate === null || r.endDate >= day);

/** A live contraception record as the forms offer it for confirmation, with its methods in words. */
export interface ConfirmableContraception extends Dated {
  id: string;
  methods: string;
}

/** What the forms offer for confirmation: the patient's live records, and her category over time. */
export interface ConfirmationOffer {
  records: readonly ConfirmableContraception[];
  categories: readonly CategoryChange[];
}

/**
 * Does a form dated `day`, entered `today`, ask for the confirmation of the contraception in use? A
 * prescription's (and a course start's) asks exactly when the prescribing check will: by the category it is
 * checked under, the stricter of its day's and today's (checkedAsCanBecomePregnant). A counseling's asks by
 * the category on its day: she could become pregnant then. Never by today's category alone, so that a
 * back-dated form asks for what its own day needs.
 */
export function confirmationAsked(offer: Pick<ConfirmationOffer, "categories">, form: "PRESCRIPTION" | "COUNSELING", day: IsoDate, today: IsoDate): boolean {
  const h = { categories: [...offer.categories] };
  return form === "PRESCRIPTION" ? checkedAsCanBecomePregnant(h, day, today) : categoryOn(h, day) === "CAN_BECOME_PREGNANT";
}

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
 * The record a counseling confirmed, when that confirmation counts: one of `contraception` (the live records)
 * in use on the counseling's day. Null when it confirmed none, a record voided since, or one not in use that day.
 */
export function recordConfirmedAt<T extends Dated & { id: string }>(contraception: readonly T[], k: CounselingRecord): T | null {
  if (!k.confirmedContraceptionId) return null;
  const record = contraception.find((c) => c.id === k.confirmedContraceptionId);
  return record && inUseOn(record, k.date) ? record : null;
}

/**
 * The latest counseling in the `days` days up to `date` (the day itself counted as day 1) that confirmed a
 * contraception record of `contraception` in use on its own day and still in use on `date`; null when none
 * did. Only the live records count: a counseling or a contraception record voided as entered in error
 * confirms nothing.
 */
export function confirmingCounseling(
  contraception: readonly ContraceptionRecord[],
  counseling: readonly CounselingRecord[],
  date: IsoDate,
  days: number,
): CounselingRecord | null {
  const from = addDays(date, -(days - 1));
  let found: CounselingRecord | null = null;
  for (const k of counseling) {
    if (k.date < from || k.date > date) continue;
    const record = recordConfirmedAt(contraception, k);
    if (!record || !inUseOn(record, date)) continue;
    if (found === null || k.date > found.date) found = k;
  }
  return found;
}

/**
 * The prescribing check's refusal when no counseling in the rule set's days confirmed contraception in use on
 * the prescription's day (confirmingCounseling found none). It names the latest confirmation: one within those
 * days either confirmed a record no longer in use (replaced since, or voided), or one not yet in use on the
 * counseling's day, which it says, so that its date is not read as a confirmation that counts.
 */
export function contraceptionNotConfirmed(
  h: { contraception: readonly ContraceptionRecord[]; counseling: readonly CounselingRecord[] },
  date: IsoDate,
  r: EffectiveRules,
): PrescribingReason {
  const days = r.contraceptionConfirmationDays;
  const last = h.counseling
    .filter((k) => k.confirmedContraceptionId && k.date <= date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .at(-1);
  const record = last && h.contraception.find((c) => c.id === last.confirmedContraceptionId);
  const since =
    last === undefined
      ? ""
      : last.date < addDays(date, -(days - 1))
        ? ` (last confirmed on ${formatDate(last.date)})`
        : record && inUseOn(record, date)
          ? ` (the contraception confirmed on ${formatDate(last.date)} was not in use on that day)`
          : ` (the contraception confirmed on ${formatDate(last.date)} is no longer the record in use)`;
  return {
    code: "CONTRACEPTION_NOT_CONFIRMED",
    message:
      `Record counseling with the contraception confirmed with the patient: no counseling in the ${days} days before this prescription ` +
      `confirmed contraception in use on ${formatDate(date)}${since}.`,
  };
}
