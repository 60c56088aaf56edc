import { toDay, type IsoDate } from "../dates";
import { describeCapsules, strengthRefusal } from "./capsules";
import type { Pause } from "./course-input";
import { isDosingDay, mgPerDosingDay, type Schedule } from "./schedule";

/**
 * The quantity a prescription dispenses (docs/DOMAIN.md "Prescriptions"): the capsules, per strength, that its
 * schedule takes over its days supply, so that the pharmacy dispenses what the days need (a 30-day supply of
 * 20 mg every other day is 15 capsules, not 30). Integer arithmetic throughout: whole capsules and integer mg.
 */

export interface CapsuleCount {
  strengthMg: number;
  count: number;
}

/**
 * Capsules per intake: whole capsules of the prescription's strength ("2 × 20 mg" for 40 mg on 20 mg capsules);
 * null when the dose is not (a prescription dispenses only the strength it names: strengthRefusal says why).
 */
export function intakeCapsules(mg: number, capsuleStrengthMg: number): CapsuleCount[] | null {
  if (!Number.isInteger(mg) || mg <= 0 || !Number.isInteger(capsuleStrengthMg) || capsuleStrengthMg <= 0) return null;
  return mg % capsuleStrengthMg === 0 ? [{ strengthMg: capsuleStrengthMg, count: mg / capsuleStrengthMg }] : null;
}

/**
 * The day the pattern of a regimen counts from on `day`: its own effective day, or the latest resume after a
 * pause since then, on or before `day` (patternAnchor in course-days.ts, the rule the cumulative dose counts by).
 */
export function anchorOn(effectiveFrom: IsoDate, pauses: readonly Pause[], day: IsoDate): IsoDate {
  return pauses.reduce((a, p) => (p.resumeDate !== null && p.resumeDate > a && p.resumeDate <= day ? p.resumeDate : a), effectiveFrom);
}

export interface DispenseInput {
  /** The prescription's schedule: the regimen in force on its first day (a range regimen counts at its planned dose). */
  schedule: Schedule;
  /** The day the schedule's pattern counts from (anchorOn). */
  anchor: IsoDate;
  /** The first day the prescription supplies: its start date. */
  from: IsoDate;
  /** Days supplied by one fill; each refill dispenses the same quantity again. */
  daysSupply: number;
  /** The strength the prescription is written on: the one it dispenses. */
  capsuleStrengthMg: number;
  /** The product's strengths (PRODUCTS in checks.ts), named when the dose is not whole capsules of the strength. */
  strengthsMg: readonly number[];
}

export type DispenseQuantity =
  | {
      ok: true;
      /** The capsules of the strength written (one entry: strengths are never combined); a positive count. */
      capsules: CapsuleCount[];
      totalCapsules: number;
      /** Integer mg dispensed: the sum of the mg the schedule takes on each day supplied. */
      totalMg: number;
      dosingDays: number;
      days: number;
      /** Counted at a range regimen's planned dose and interval. */
      planned: boolean;
    }
  | { ok: false; reason: string; days: number };

/**
 * The capsules one fill dispenses: the schedule's dosing days among the `daysSupply` days from `from` (its
 * pattern counted from `anchor`), times the capsules of a dosing day (capsules per intake times intakes).
 * Pauses do not shorten it: a supply is days of therapy. Not computed (with the reason) when the dose is not
 * whole capsules of the strength written, or no dose falls within the days supplied.
 */
export function dispenseQuantity(input: DispenseInput): DispenseQuantity {
  const { schedule, daysSupply: days } = input;
  if (!Number.isInteger(days) || days <= 0) return { ok: false, reason: "No days are supplied.", days: Math.max(0, days) };
  const perIntake = intakeCapsules(schedule.mgPerIntake, input.capsuleStrengthMg);
  if (!perIntake) {
    const reason = strengthRefusal(schedule.mgPerIntake, input.capsuleStrengthMg, input.strengthsMg) ?? "The dose is not whole capsules.";
    return { ok: false, reason, days };
  }
  const anchor = toDay(input.anchor);
  const first = toDay(input.from);
  let dosingDays = 0;
  for (let day = first; day < first + days; day++) if (isDosingDay(schedule.pattern, anchor, day)) dosingDays++;
  if (dosingDays === 0) return { ok: false, reason: `No dose is scheduled in the ${days} days supplied.`, days };
  const capsules = perIntake.map((c) => ({ strengthMg: c.strengthMg, count: c.count * schedule.intakesPerDay * dosingDays }));
  return {
    ok: true,
    capsules,
    totalCapsules: capsules.reduce((n, c) => n + c.count, 0),
    totalMg: mgPerDosingDay(schedule) * dosingDays,
    dosingDays,
    days,
    planned: Boolean(schedule.range),
  };
}

/** For the prescription list and the printed summary: "15 × 20 mg capsules (30 days)", or why it is not computed. */
export function describeDispense(q: DispenseQuantity): string {
  if (!q.ok) return `not computed: ${q.reason}`;
  const days = `${q.days} ${q.days === 1 ? "day" : "days"}${q.planned ? " at the planned dose" : ""}`;
  return `${describeCapsules(q.capsules)} capsules (${days})`;
}
