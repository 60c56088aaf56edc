import "server-only";
import { z } from "zod";
import { isoFromDb } from "@/lib/clinic";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { LabFlag } from "@/lib/generated/prisma/enums";
import { assertCan, type Viewer } from "./viewer";
import { num } from "./lab-rows";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";

export function getLabCatalogue() {
  return db.labTest.findMany({
    where: { active: true },
    orderBy: { sortOrder: "asc" },
    select: { id: true, name: true, code: true, codeSystem: true, analyte: true, kind: true, unit: true, refLow: true, refHigh: true },
  });
}

export { recordLabPanel } from "./record-lab-panel";
export { acknowledgeLab } from "./review-lab";

/** A patient's lab results, for roles that may read them (never office staff). */
export async function getPatientLabs(viewer: Viewer, patientId: string) {
  assertCan(viewer, "labs.read");
  const rows = await db.labResult.findMany({
    where: { patientId },
    orderBy: [{ specimenDate: "desc" }, { enteredAt: "desc" }],
    take: 500,
    select: {
      id: true,
      analyte: true,
      code: true,
      specimenDate: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      refLow: true,
      refHigh: true,
      flag: true,
      flagReason: true,
      pregnancyTestSetting: true,
      acknowledgedAt: true,
      enteredAt: true,
      labTest: { select: { name: true } },
      enteredBy: { select: { name: true } },
      acknowledgedBy: { select: { name: true } },
      enteredValue: true,
      enteredUnit: true,
      refHighDefaulted: true,
      labRange: true,
      labFlag: true,
      duplicateOfId: true,
      reviewAction: true,
      reviewNote: true,
      hl7Message: { select: { sendingFacility: true, interface: { select: { name: true } } } },
      voidedAt: true,
      voidReason: true,
      voidedBy: { select: { name: true } },
      corrects: { select: { specimenDate: true } },
    },
  });
  return rows.map((r) => ({
    ...r,
    corrects: r.corrects ? isoFromDb(r.corrects.specimenDate) : null,
    specimenDate: isoFromDb(r.specimenDate),
    valueNumeric: num(r.valueNumeric),
    enteredValue: num(r.enteredValue),
    refLow: num(r.refLow),
    refHigh: num(r.refHigh),
    name: r.labTest.name,
  }));
}

/** An unreviewed abnormal result with its test and patient, as the dashboard lists it. */
const alertRow = z.object({
  id: z.string(),
  test: z.string(),
  analyte: z.string(),
  flag: z.enum([LabFlag.LOW, LabFlag.HIGH, LabFlag.ACTION, LabFlag.CRITICAL]),
  reason: z.string().nullable(),
  specimen_date: dateColumn,
  patient_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
});

/**
 * Unreviewed critical and abnormal results across the clinic, newest first, with counts: ranges of the
 * partial index lab_results_unreviewed_idx, so the cost follows the backlog, not the clinic's size. Flags
 * compare in their declared order (LOW < HIGH < ACTION < CRITICAL): abnormal results list action-level
 * first, then high, then low, each newest first.
 */
/**
 * Abnormal and critical results awaiting review, for roles that may read lab values: each with what the
 * dashboard shows of it and nothing more (its panels send the rows to the browser as they are).
 */
export async function getLabAlerts(viewer: Viewer, limit = 25) {
  assertCan(viewer, "labs.read");
  const columns = Prisma.sql`r.id, t.name AS test, r.analyte, r.flag::text AS flag, r.flag_reason AS reason, r.specimen_date, r.patient_id,
    p.first_name, p.last_name
    FROM lab_results r JOIN lab_tests t ON t.id = r.lab_test_id JOIN patients p ON p.id = r.patient_id`;
  // A result recorded again on purpose (duplicate_of_id) is the same result: counted once.
  const unreviewed = Prisma.sql`r.acknowledged_at IS NULL AND r.flag <> 'NORMAL' AND r.voided_at IS NULL AND r.duplicate_of_id IS NULL`;
  const [critical, abnormal, counts] = await Promise.all([
    queryRows(
      db,
      alertRow,
      Prisma.sql`SELECT ${columns} WHERE ${unreviewed} AND r.flag = 'CRITICAL' ORDER BY r.flag DESC, r.specimen_date DESC, r.id LIMIT ${limit}`,
    ),
    queryRows(
      db,
      alertRow,
      Prisma.sql`SELECT ${columns} WHERE ${unreviewed} AND r.flag BETWEEN 'LOW' AND 'ACTION' ORDER BY r.flag DESC, r.specimen_date DESC, r.id LIMIT ${limit}`,
    ),
    queryRow(
      db,
      z.object({ critical: count, abnormal: count }),
      Prisma.sql`
      SELECT count(*) FILTER (WHERE r.flag = 'CRITICAL') AS critical, count(*) FILTER (WHERE r.flag <> 'CRITICAL') AS abnormal
      FROM lab_results r WHERE ${unreviewed}`,
    ),
  ]);
  const shape = (r: z.infer<typeof alertRow>) => ({
    id: r.id,
    test: r.test,
    analyte: r.analyte,
    flag: r.flag,
    reason: r.reason,
    specimenDate: isoFromDb(r.specimen_date),
    patientId: r.patient_id,
    patientName: `${r.last_name}, ${r.first_name}`,
  });
  return { critical: critical.map(shape), criticalCount: counts.critical, abnormal: abnormal.map(shape), abnormalCount: counts.abnormal };
}
