import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { daysFromDb, isoFromDb } from "@/lib/clinic";
import type { VoidedPreventionRecords } from "@/lib/domain/pregnancy";

/**
 * Contraception and counseling voided as entered in error (after `after`, when given): what a prescription
 * written before the void may have rested on. Few rows: the rules leave them out, only a hold reads them.
 */
export const voidedRecordsSelect = (after?: Date) => {
  const where = { voidedAt: after ? { gt: after } : { not: null } };
  return {
    contraception: { where, select: { id: true, method: true, startDate: true, endDate: true, voidedAt: true } },
    counseling: { where, select: { id: true, counseledOn: true, confirmedContraceptionId: true, voidedAt: true } },
  } satisfies Prisma.PatientSelect;
};

/** Of these records, those voided after the prescription was written, as the rules read them. */
export const voidedSince = (rows: Prisma.PatientGetPayload<{ select: ReturnType<typeof voidedRecordsSelect> }>, writtenAt: Date): VoidedPreventionRecords => {
  const since = (r: { voidedAt: Date | null }) => r.voidedAt !== null && r.voidedAt > writtenAt;
  return {
    contraception: rows.contraception.filter(since).map((c) => ({ id: c.id, method: c.method, ...daysFromDb(c) })),
    counseling: rows.counseling.filter(since).map((k) => ({ id: k.id, date: isoFromDb(k.counseledOn), confirmedContraceptionId: k.confirmedContraceptionId })),
  };
};
