import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";
import { productById } from "./checks";
import { countingRegimens } from "./course-days";
import type { Pause, RegimenVersion } from "./course-input";
import { anchorOn } from "./dispense-quantity";
import { describeSchedule, sameSchedule, type Schedule } from "./schedule";

/**
 * A prescription keeps the regimen version it was written for (stored when it is written): what it dispenses reads
 * that version, whatever the course's versions say later. A write that changes the regimen in force on its start date
 * away from that dose (a dose change or correction dated on or before the start date, the void of a dose version)
 * leaves the patient holding capsules for another dose: while its supply can still be taken, the write asks first,
 * naming each such prescription. One whose supply has ended asks nothing: its record keeps the dose it was written for.
 */

/** The code the forms send back to confirm it. */
export const WRITTEN_PRESCRIPTION_CODE = "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE";

export interface WrittenPrescription {
  /** Its product (PRODUCTS in checks.ts) and strength, which name it beside its date. */
  product: string;
  capsuleStrengthMg: number;
  writtenOn: IsoDate;
  startDate: IsoDate;
  /** The last day its supply lasts (prescriptionSupplyEnds); null when its course is no longer in progress. */
  supplyEnds: IsoDate | null;
  /** The regimen it was written for (stored with it); null for one written before that was recorded, not worked out. */
  writtenFor: Schedule | null;
}

/** The regimen in force on a day, by the dose engine's rule (of one day's versions, the later; corrections replace). */
export const regimenOn = (regimens: readonly RegimenVersion[], day: IsoDate): RegimenVersion | null =>
  countingRegimens([...regimens])
    .filter((r) => r.effectiveFrom <= day)
    .at(-1) ?? null;

/**
 * The regimen a prescription dispenses for and the day its pattern counts from (dispenseQuantity): the version stored
 * with it (`writtenFor`, voided or corrected since or not) and its stored anchor. For one written before that was
 * recorded and not worked out (none stored), the regimen in force on its start date among `regimens` (the course's
 * live versions), its pattern counted from that version's day or the latest resume after one of `pauses` since.
 */
export function prescriptionRegimen(
  p: { startDate: IsoDate; writtenFor: RegimenVersion | null; patternAnchor: IsoDate | null },
  regimens: readonly RegimenVersion[],
  pauses: readonly Pause[],
): { regimen: RegimenVersion; anchor: IsoDate; stored: boolean } | null {
  const regimen = p.writtenFor ?? regimenOn(regimens, p.startDate);
  if (!regimen) return null;
  const anchor = p.writtenFor && p.patternAnchor ? p.patternAnchor : anchorOn(regimen.effectiveFrom, pauses, p.startDate);
  return { regimen, anchor, stored: p.writtenFor !== null };
}

/**
 * The confirmation a write changing the course's versions from `before` to `after` needs, or null: one sentence for
 * each prescription whose supply still lasts on `today` and whose start date's regimen the write changes to another
 * than the one it was written for.
 */
export function writtenPrescriptionsWarning(
  prescriptions: readonly WrittenPrescription[],
  before: readonly RegimenVersion[],
  after: readonly RegimenVersion[],
  today: IsoDate,
): { code: string; message: string } | null {
  const said: string[] = [];
  for (const p of [...prescriptions].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))) {
    if (p.supplyEnds === null || p.supplyEnds < today || !p.writtenFor) continue;
    const was = regimenOn(before, p.startDate);
    const now = regimenOn(after, p.startDate);
    if (!now || (was && sameSchedule(was, now)) || sameSchedule(now, p.writtenFor)) continue;
    const name = `${productById(p.product)?.name ?? p.product} ${p.capsuleStrengthMg} mg`;
    said.push(
      `The ${name} prescription of ${formatDate(p.writtenOn)} (supply through ${formatDate(p.supplyEnds)}) stays written for ${describeSchedule(p.writtenFor)}; ` +
        `with this change the dose in force on its start date, ${formatDate(p.startDate)}, is ${describeSchedule(now)}: ` +
        `write a new prescription if the patient is to take that dose.`,
    );
  }
  return said.length ? { code: WRITTEN_PRESCRIPTION_CODE, message: said.join(" ") } : null;
}
