import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import type { IsoDate } from "@/lib/domain/dates";

/** A prescription's recorded dispensed dates as the course card reads them (prescription_dispensings). */
export const dispensingsSelect = {
  select: { id: true, dispensedOn: true, supersedesId: true, reason: true, recordedAt: true, recordedBy: { select: { name: true } } },
} as const;

/**
 * What the holds read of a prescription's dispensed dates (lib/data/prescription-holds.ts): which row is the current
 * one, and the warnings confirmed with it.
 */
export const dispensingConfirmationsSelect = {
  select: { id: true, dispensedOn: true, supersedesId: true, recordedAt: true, acknowledgedWarnings: true },
} as const;

/**
 * The warning codes confirmed when the prescription's current dispensed date was recorded (lib/validation/dispensing.ts):
 * those of the last row of its chain, when that row is its current date. None for a date stored without its rows.
 */
export function confirmedWithCurrent(p: {
  dispensedOn: Date | null;
  dispensings: readonly { id: string; dispensedOn: Date; supersedesId: string | null; recordedAt: Date; acknowledgedWarnings: string[] }[];
}): string[] {
  const current = dispensingChain(p.dispensings).at(-1);
  return p.dispensedOn && current && current.dispensedOn.getTime() === p.dispensedOn.getTime() ? current.acknowledgedWarnings : [];
}

export interface DispensingRow {
  id: string;
  dispensedOn: Date;
  supersedesId: string | null;
  reason: string | null;
  recordedAt: Date;
  recordedBy: { name: string };
}

/** One dispensed date as recorded: the day, who recorded it and on which clinic day, and why it replaced the one before. */
export interface DispensedRecord {
  on: IsoDate;
  by: string;
  recordedOn: IsoDate;
  /** A correction's reason; null for the first date recorded. */
  reason: string | null;
}

/** What the line under a prescription says of its dispensing: the day it was dispensed, and every date recorded. */
export interface Dispensed {
  /** The date recorded now (the prescription's dispensedOn). */
  on: IsoDate;
  /** Every date recorded, the first first, the current last: more than one, it was corrected. */
  history: DispensedRecord[];
}

/**
 * A prescription's rows in the order they were recorded: the first, then each correction of the one before (the
 * chain of supersedesId). Rows outside the chain (none is written so) come last, by when they were recorded.
 */
export function dispensingChain<R extends { id: string; supersedesId: string | null; recordedAt: Date }>(rows: readonly R[]): R[] {
  const next = new Map(rows.filter((r) => r.supersedesId !== null).map((r) => [r.supersedesId!, r]));
  const chain: R[] = [];
  for (let r = rows.find((x) => x.supersedesId === null); r && !chain.includes(r); r = next.get(r.id)) chain.push(r);
  const rest = rows.filter((r) => !chain.includes(r)).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return [...chain, ...rest];
}

/**
 * The prescription's dispensing as of `asOf`: its current date, and the dates recorded (corrections kept), or null
 * when none is recorded, or one is dated after `asOf` (not dispensed yet on that day, as the holds read it:
 * lib/data/prescription-holds.ts). A date stored without its rows (written outside the portal) has no history but itself.
 */
export function dispensedOf(p: { dispensedOn: Date | null; dispensings: readonly DispensingRow[] }, asOf: IsoDate): Dispensed | null {
  if (!p.dispensedOn || isoFromDb(p.dispensedOn) > asOf) return null;
  const history = dispensingChain(p.dispensings).map((r) => ({
    on: isoFromDb(r.dispensedOn),
    by: r.recordedBy.name,
    recordedOn: clinicToday(r.recordedAt),
    reason: r.reason,
  }));
  return { on: isoFromDb(p.dispensedOn), history };
}
