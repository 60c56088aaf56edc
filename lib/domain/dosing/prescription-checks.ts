import { daysBetween, type IsoDate } from "../dates";
import { formatDate } from "@/lib/format";
import { describeSchedule, sameSchedule, type Schedule } from "./schedule";
import { supplyCoverage, type SupplyFill } from "./supply";

/**
 * What a prescription on a course in progress needs the prescriber to confirm (docs/DOMAIN.md "Prescriptions"):
 * a schedule that differs from the regimen in force on its start date (it becomes the course's new regimen,
 * moving the cumulative dose and the projected target date), and a supply that piles up on earlier ones.
 */

/** The code a form sends back to confirm that the prescription changes the regimen. */
export const REGIMEN_CHANGE_CODE = "PRESCRIPTION_CHANGES_REGIMEN";
/** The code a form sends back to confirm a prescription written while earlier supply still lasts. */
export const EARLY_REFILL_CODE = "EARLIER_SUPPLY_OUTLASTS_START";
export const PRESCRIPTION_CHECK_CODES = [REGIMEN_CHANGE_CODE, EARLY_REFILL_CODE] as const;

/**
 * How many days of earlier supply may still remain after a new prescription's start date before it asks for
 * a confirmation. A clinic convention (the sources set no early-refill limit): the monthly renewal is written
 * within the pregnancy test's 7-day prescription window (iPLEDGE) or dispensed within 7 days of prescription
 * (EU/UK PPP), so a renewal normally overlaps the previous 30-day supply by at most about a week; more than
 * that puts extra capsules in the patient's hands.
 */
export const EARLY_REFILL_ALLOWED_DAYS = 7;

interface Warning {
  code: (typeof PRESCRIPTION_CHECK_CODES)[number];
  message: string;
}

export interface RegimenChange {
  /** The regimen in force on the start date; null when none is (the prescription sets the first). */
  from: Schedule | null;
  to: Schedule;
  effectiveFrom: IsoDate;
}

/** The change a prescription makes to the regimen in force on its start date; null when it prescribes the same. */
export function regimenChange(inForce: Schedule | null, prescribed: Schedule, startDate: IsoDate): RegimenChange | null {
  if (inForce && sameSchedule(inForce, prescribed)) return null;
  return { from: inForce, to: prescribed, effectiveFrom: startDate };
}

/** "from 60 mg daily to 40 mg daily from 24 Nov 2026" (or "to 40 mg daily from …" when none was in force). */
export function describeRegimenChange(c: RegimenChange): string {
  const from = c.from ? `from ${describeSchedule(c.from)} ` : "";
  return `${from}to ${describeSchedule(c.to)} from ${formatDate(c.effectiveFrom)}`;
}

export interface EarlyRefill {
  /** The last day the earlier prescriptions supply. */
  suppliedThrough: IsoDate;
  /** Days from the new prescription's start date to that day. */
  daysAfterStart: number;
  /** The last day supplied once the new prescription is added (its days carry forward). */
  suppliedThroughWithNew: IsoDate;
}

/**
 * Earlier supply (lib/domain/dosing/supply.ts) that still lasts more than EARLY_REFILL_ALLOWED_DAYS after the
 * new prescription's start date; null otherwise. `earlier` are the course's prescriptions written on or before
 * that date, `added` the new one as a fill.
 */
export function earlyRefill(earlier: readonly SupplyFill[], startDate: IsoDate, added: SupplyFill): EarlyRefill | null {
  const { suppliedThrough } = supplyCoverage(earlier);
  if (!suppliedThrough) return null;
  const daysAfterStart = daysBetween(startDate, suppliedThrough);
  if (daysAfterStart <= EARLY_REFILL_ALLOWED_DAYS) return null;
  return { suppliedThrough, daysAfterStart, suppliedThroughWithNew: supplyCoverage([...earlier, added]).suppliedThrough! };
}

export interface PrescriptionCheckInput {
  /** The course's regimen in force on the start date. */
  inForce: Schedule | null;
  prescribed: Schedule;
  startDate: IsoDate;
  earlierSupply: readonly SupplyFill[];
  /** The new prescription as a fill (from its dispensed day when known, else its start date). */
  supply: SupplyFill;
}

/** The change the prescription makes to the regimen, and the warnings the prescriber must confirm. */
export function checkPrescription(input: PrescriptionCheckInput): { change: RegimenChange | null; warnings: Warning[] } {
  const change = regimenChange(input.inForce, input.prescribed, input.startDate);
  const early = earlyRefill(input.earlierSupply, input.startDate, input.supply);
  const warnings: Warning[] = [];
  if (change) {
    warnings.push({
      code: REGIMEN_CHANGE_CODE,
      message: `This changes the dose ${describeRegimenChange(change)}: the cumulative dose and the projected target date follow it. Give the reason for the change.`,
    });
  }
  if (early) {
    warnings.push({
      code: EARLY_REFILL_CODE,
      message:
        `Supply from earlier prescriptions runs to ${formatDate(early.suppliedThrough)}, ${early.daysAfterStart} days after this prescription starts; ` +
        `with this one the patient is supplied through ${formatDate(early.suppliedThroughWithNew)}.`,
    });
  }
  return { change, warnings };
}
