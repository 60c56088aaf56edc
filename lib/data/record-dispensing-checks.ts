import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { doNotDispenseText } from "@/lib/domain/pregnancy";
import type { Warning } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { DISPENSED_AFTER_COURSE_END, DISPENSED_AFTER_LAST_DAY, DISPENSED_WHILE_HELD } from "@/lib/validation/dispensing";
import { getPregnancyRules, loadPregnancyHistory } from "./pregnancy-history";
import { holdsOn, prescriptionsForHoldsSelect } from "./prescription-holds";

/**
 * What a dispensed date recorded after the fact asks to be confirmed: the pharmacy's fill is a fact, so it is never
 * refused for these, but none passes unseen. A date after the prescription's last day to be dispensed (its dispense-by
 * date: at writing, such a date is refused instead, docs/DOMAIN.md), after its course's last day, or on a day the
 * pregnancy-prevention rules held it from dispensing (the holds as the course card read them on that day,
 * lib/data/prescription-holds.ts: prescribing stopped, its test or the records it was written on voided by that day,
 * written while the patient was recorded as unable to become pregnant). Each names the date and why, as the form shows
 * it; once recorded, the line under the prescription says what was confirmed ("Dispensed on … while held: …").
 */
export async function dispensingToConfirm(
  tx: Tx,
  rx: { id: string; dispenseBy: Date | null },
  course: { patientId: string; endDate: Date | null },
  on: IsoDate,
  today: IsoDate,
): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const lastDay = rx.dispenseBy ? isoFromDb(rx.dispenseBy) : null;
  if (lastDay !== null && on > lastDay)
    warnings.push({
      code: DISPENSED_AFTER_LAST_DAY,
      message: `Its last day to be dispensed was ${formatDate(lastDay)}: confirm that the pharmacy dispensed it on ${formatDate(on)}, after that day.`,
    });
  const end = course.endDate ? isoFromDb(course.endDate) : null;
  if (end !== null && on > end)
    warnings.push({
      code: DISPENSED_AFTER_COURSE_END,
      message: `The course ended on ${formatDate(end)}: confirm that the pharmacy dispensed it on ${formatDate(on)}, after the course's last day.`,
    });
  const holds = await holdsThatDay(tx, course.patientId, rx.id, on, today);
  if (holds.length)
    warnings.push({
      code: DISPENSED_WHILE_HELD,
      message: `On ${formatDate(on)} this prescription was held: "${doNotDispenseText(holds)}". Confirm that the pharmacy dispensed it that day all the same.`,
    });
  return warnings;
}

/**
 * The holds that reached the prescription on `on`, read as the course card read them on that day (holdsOn): a test
 * or a record voided after that day held nothing on it.
 */
async function holdsThatDay(tx: Tx, patientId: string, prescriptionId: string, on: IsoDate, today: IsoDate) {
  // One after the other: a transaction's statements run on its one connection.
  const row = await tx.patient.findUnique({ where: { id: patientId }, select: prescriptionsForHoldsSelect });
  const history = await loadPregnancyHistory(tx, patientId);
  const rulesOn = await getPregnancyRules(tx);
  if (!row || !history) return [];
  return holdsOn(row, history, rulesOn, on, today)[prescriptionId] ?? [];
}
