import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { recentLabsFrom, recentLabWarning } from "@/lib/domain/monitoring/recent-labs";
import { formatDate } from "@/lib/format";
import { getProtocol } from "./config";
import { num } from "./lab-rows";

/**
 * The warning a course start must confirm when the patient's recent labs are abnormal (null: none), over the
 * baseline window of the monitoring protocol version in force on the start, as the course's baseline labs
 * follow it (a version scheduled for a day before a start ahead applies to it).
 */
export async function recentLabsToConfirm(tx: Tx, patientId: string, startDate: string, today: string) {
  const { baselineWindowDays } = await getProtocol(startDate, tx);
  const from = recentLabsFrom(startDate, today, baselineWindowDays);
  const labs = await tx.labResult.findMany({
    where: { patientId, voidedAt: null, duplicateOfId: null, flag: { not: "NORMAL" }, specimenDate: { gte: dbDate(from) } },
    select: {
      specimenDate: true,
      flag: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      acknowledgedAt: true,
      labTest: { select: { name: true } },
    },
  });
  return recentLabWarning(
    labs.map((l) => ({
      name: l.labTest.name,
      specimenDate: isoFromDb(l.specimenDate),
      flag: l.flag,
      value: l.valueNumeric !== null ? `${num(l.valueNumeric)} ${l.unit ?? ""}`.trim() : (l.valueQualitative ?? "").toLowerCase(),
      reviewed: l.acknowledgedAt !== null,
    })),
    startDate,
    today,
    baselineWindowDays,
    formatDate,
  );
}
