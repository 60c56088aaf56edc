import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";
import { countingRegimens } from "./course-days";
import type { RegimenVersion } from "./course-input";
import { describeSchedule, sameSchedule, type Schedule } from "./schedule";

/**
 * A prescription's dispense quantity (the course card, the printed summary, the FHIR request) reads the regimen in
 * force on its start date: a write that changes that regimen after the prescription was written changes what it
 * reads to dispense. Such a write (a dose change or correction dated on or before the start date, the void of a
 * dose version) asks first, naming each live prescription whose regimen it changes away from the dose it was
 * written for.
 */

/** The code the forms send back to confirm it. */
export const WRITTEN_PRESCRIPTION_CODE = "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE";

export interface WrittenPrescription {
  writtenOn: IsoDate;
  startDate: IsoDate;
  /** The regimen it was written for: the version it set, or the one in force on its start date when it was written. */
  writtenFor: Schedule | null;
}

/** The regimen in force on a day, by the dose engine's rule (of one day's versions, the later; corrections replace). */
export const regimenOn = (regimens: readonly RegimenVersion[], day: IsoDate): RegimenVersion | null =>
  countingRegimens([...regimens])
    .filter((r) => r.effectiveFrom <= day)
    .at(-1) ?? null;

/**
 * The confirmation a write changing the course's versions from `before` to `after` needs, or null: one sentence for
 * each prescription whose start date's regimen the write changes to another than the one it was written for.
 */
export function writtenPrescriptionsWarning(
  prescriptions: readonly WrittenPrescription[],
  before: readonly RegimenVersion[],
  after: readonly RegimenVersion[],
): { code: string; message: string } | null {
  const said: string[] = [];
  for (const p of [...prescriptions].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))) {
    const was = regimenOn(before, p.startDate);
    const now = regimenOn(after, p.startDate);
    if (!p.writtenFor || !now || (was && sameSchedule(was, now)) || sameSchedule(now, p.writtenFor)) continue;
    said.push(
      `The prescription of ${formatDate(p.writtenOn)} was written for ${describeSchedule(p.writtenFor)}; from its date this makes the dose ` +
        `${describeSchedule(now)}, and its dispense quantity will read for that dose: write a new prescription if the patient is to take it.`,
    );
  }
  return said.length ? { code: WRITTEN_PRESCRIPTION_CODE, message: said.join(" ") } : null;
}
