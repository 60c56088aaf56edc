import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { daysFromDb, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { preventionRecordVoided, type PregnancyHistory, type RulesOn, type VoidedPreventionRecords } from "@/lib/domain/pregnancy";

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

/**
 * The prescriptions still within their dispense-by dates that are held because the contraception or counseling
 * each was written on was voided since (preventionRecordVoided): every one, as the other holds reach every
 * prescription (two may be dispensable at once after an early refill). The voided records are read only when
 * such a prescription exists. Unguarded: for readers that check the viewer's permission first (the FHIR export:
 * lib/fhir/record.ts); the banner, which shows the latest, reads the same in its own statement.
 */
export async function preventionRecordHeld(
  patientId: string,
  prescriptions: readonly { id: string; writtenOn: Date; createdAt: Date; dispenseBy: Date | null; voidedAt: Date | null }[],
  history: PregnancyHistory,
  rulesOn: RulesOn,
  asOf: IsoDate,
): Promise<Set<string>> {
  const dispensable = prescriptions.filter((p) => p.dispenseBy !== null && !p.voidedAt && isoFromDb(p.dispenseBy) >= asOf);
  if (dispensable.length === 0) return new Set();
  const earliest = new Date(Math.min(...dispensable.map((p) => p.createdAt.getTime())));
  const rows = await db.patient.findUnique({ where: { id: patientId }, select: voidedRecordsSelect(earliest) });
  if (!rows) return new Set();
  return new Set(dispensable.filter((p) => preventionRecordVoided(history, p.id, voidedSince(rows, p.createdAt), rulesOn)).map((p) => p.id));
}
