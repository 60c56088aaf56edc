import "server-only";
import { daysFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { inUseOn, type ConfirmationOffer } from "@/lib/domain/pregnancy";
import { invalidField } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import type { PregnancyOverview } from "./pregnancy-overview";

/** The form field that names the contraception record confirmed with the patient at a counseling. */
export const CONFIRMED_CONTRACEPTION_FIELD = "confirmedContraceptionId";

/**
 * The contraception record a counseling on `day` may confirm (lib/domain/pregnancy/contraception-confirmation.ts):
 * one of this patient's records, not voided as entered in error, in use on that day. Refuses anything else
 * with the field's error, so that the writing transaction writes nothing. Called inside that transaction,
 * after the patient's lock: a void of the record waits for it, or is seen here.
 */
export async function assertConfirmable(tx: Tx, patientId: string, recordId: string, day: string): Promise<void> {
  const record = await tx.contraceptionRecord.findUnique({
    where: { id: recordId },
    select: { patientId: true, startDate: true, endDate: true, voidedAt: true },
  });
  if (!record || record.patientId !== patientId) {
    throw invalidField(CONFIRMED_CONTRACEPTION_FIELD, "That contraception record is not on this patient's file. Reload the page to see the latest entries.");
  }
  if (record.voidedAt) {
    throw invalidField(
      CONFIRMED_CONTRACEPTION_FIELD,
      "That contraception record was marked as entered in error and cannot be confirmed. Reload the page to see the latest entries.",
    );
  }
  const dated = daysFromDb(record);
  if (!inUseOn(dated, day)) {
    const span = dated.endDate ? `from ${formatDate(dated.startDate)} to ${formatDate(dated.endDate)}` : `from ${formatDate(dated.startDate)}`;
    throw invalidField(
      CONFIRMED_CONTRACEPTION_FIELD,
      `That contraception record is in use ${span}, not on ${formatDate(day)}: confirm the contraception in use on the day of the counseling.`,
    );
  }
}

/**
 * What the counseling, prescription and course-start forms offer for confirmation, from the pregnancy overview
 * the page already read: the patient's live (not voided) contraception records and her category over time,
 * from which the form asks for the confirmation by the category of the day it is dated (confirmationAsked,
 * lib/domain/pregnancy/contraception-confirmation.ts), whatever her category today; null (nothing asked) for a
 * role that does not read the records.
 */
export function confirmableContraception(o: PregnancyOverview | null): ConfirmationOffer | null {
  if (!o?.clinical) return null;
  return {
    records: o.clinical.contraception.filter((r) => !r.voided).map(({ id, methods, startDate, endDate }) => ({ id, methods, startDate, endDate })),
    categories: o.clinical.categories,
  };
}
