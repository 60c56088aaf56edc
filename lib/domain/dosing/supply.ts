import { formatDate } from "@/lib/format";
import { addDays, fromDay, toDay, type DayNumber, type IsoDate } from "../dates";

/**
 * Supply and adherence (docs/DOMAIN.md "Supply"). A prescription supplies its days supply from the day it was
 * dispensed (or, when that is not recorded, from its start date), and each refill the same again, back to back.
 * A day no prescription covers is a supply gap: counting by supply (a clinic setting) counts it 0 mg, as a
 * pharmacy-refill adherence measure does (proportion of days covered: Nau, PQA 2012; Andrade et al.,
 * Pharmacoepidemiol Drug Saf 2006;15:565). Counting by schedule (the default) counts what was prescribed.
 */
export interface SupplyFill {
  /** Dispensed on, else the prescription's start date. */
  from: IsoDate;
  daysSupply: number;
  refills: number;
}

export const DOSE_COUNTING = ["SCHEDULE", "SUPPLY"] as const;
export type DoseCounting = (typeof DOSE_COUNTING)[number];

export interface SupplyCoverage {
  covers: (day: DayNumber) => boolean;
  /** The last day any fill covers; null without a fill. */
  suppliedThrough: IsoDate | null;
}

/**
 * The days the fills cover. A fill dispensed while the previous one still lasts starts the day after it ends
 * (the patient finishes one supply before the next: the proportion-of-days-covered convention, PQA), so an
 * early refill carries its days forward instead of overlapping.
 */
export function supplyCoverage(fills: readonly SupplyFill[]): SupplyCoverage {
  const spans: { start: DayNumber; end: DayNumber }[] = [];
  let coveredUntil = -Infinity;
  for (const f of [...fills].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const start = Math.max(toDay(f.from), coveredUntil + 1);
    const end = start + f.daysSupply * (1 + f.refills) - 1;
    spans.push({ start, end });
    coveredUntil = end;
  }
  const last = spans.reduce<number | null>((m, s) => (m === null || s.end > m ? s.end : m), null);
  return { covers: (day) => spans.some((s) => day >= s.start && day <= s.end), suppliedThrough: last === null ? null : fromDay(last) };
}

/**
 * The last day a prescription supplies, counted from its start date: its days supply, and each refill the same
 * again (the day a supply still lasts, for what it holds or dispenses).
 */
export const prescriptionSupplyEnds = (p: { startDate: IsoDate; daysSupply: number; refills: number }): IsoDate =>
  addDays(p.startDate, p.daysSupply * (p.refills + 1) - 1);

/**
 * Why a prescription never dispensed can no longer be, on the day read, in the patient page's words (the line under
 * it, TimelineEntry.closed in lib/data/course-timeline.ts, and the FHIR request's reason): its course has ended, or
 * its last day to be dispensed has passed. Null while it still can be.
 */
export function notDispensableReason(endedOn: IsoDate | null, dispenseBy: IsoDate | null, asOf: IsoDate): string | null {
  if (endedOn) return `the course ended on ${formatDate(endedOn)}`;
  if (dispenseBy && dispenseBy < asOf) return `its last day to be dispensed, ${formatDate(dispenseBy)}, has passed`;
  return null;
}
