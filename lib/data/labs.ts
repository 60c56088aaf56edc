import "server-only";
import { z } from "zod";
import { isoFromDb } from "@/lib/clinic";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { LabFlag, type PregnancyTestSetting } from "@/lib/generated/prisma/enums";
import { parseLabValue } from "@/lib/validation/lab";
import { writeAudit, type AuditActor } from "./audit";
import { assertCan, type Viewer } from "./viewer";
import { getThresholds } from "./config";
import { labRow, num } from "./lab-rows";
import { invalidField, invalidFields, notFound, refused } from "@/lib/errors";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { lockPatient } from "./locks";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";

export function getLabCatalogue() {
  return db.labTest.findMany({
    where: { active: true },
    orderBy: { sortOrder: "asc" },
    select: { id: true, name: true, code: true, codeSystem: true, analyte: true, kind: true, unit: true, refLow: true, refHigh: true },
  });
}

/**
 * Records a panel in one transaction with its audit row. Each result keeps its LOINC code, unit and the
 * reference range in force, and its flag from the clinic's thresholds. Re-submitting the same form
 * (same submission id) inserts nothing more: (submission_id, lab_test_id) is unique.
 */
export async function recordLabPanel(
  actor: AuditActor,
  input: {
    patientId: string;
    submissionId: string;
    specimenDate: string;
    pregnancyTestSetting?: PregnancyTestSetting;
    values: { labTestId: string; value: string }[];
  },
  today: string,
) {
  if (input.specimenDate > today) throw invalidField("specimenDate", "The specimen date cannot be in the future.");
  const [tests, thresholds] = await Promise.all([
    db.labTest.findMany({ where: { id: { in: input.values.map((v) => v.labTestId) } } }),
    getThresholds(input.specimenDate),
  ]);
  const fieldErrors: Record<string, string[]> = {};
  const rows = input.values.map((v) => {
    const test = tests.find((t) => t.id === v.labTestId);
    if (!test) {
      fieldErrors._form = ["The form is out of date. Reload the page."];
      return null;
    }
    const parsed = parseLabValue(test.kind, v.value);
    if (!parsed.ok) {
      fieldErrors[`value:${test.id}`] = [parsed.message];
      return null;
    }
    if (test.analyte === "HCG" && !input.pregnancyTestSetting) {
      fieldErrors.pregnancyTestSetting = ["Choose where the pregnancy test was done."];
      return null;
    }
    return labRow(test, parsed, thresholds, {
      patientId: input.patientId,
      specimenDate: input.specimenDate,
      pregnancyTestSetting: input.pregnancyTestSetting ?? null,
      submissionId: input.submissionId,
      enteredById: actor.id,
    });
  });
  if (Object.keys(fieldErrors).length) throw invalidFields(fieldErrors);
  const valid = rows.filter((r) => r !== null);
  return db.$transaction(async (tx) => {
    // A pregnancy test and a prescription for one patient never pass each other unseen (lib/data/pregnancy-check.ts).
    if (valid.some((r) => r.analyte === "HCG")) await lockPatient(tx, input.patientId);
    else if (!(await tx.patient.count({ where: { id: input.patientId } }))) throw notFound("patient");
    const created = await tx.labResult.createMany({ data: valid, skipDuplicates: true });
    if (created.count > 0) {
      await refreshPatientMonitoring(tx, input.patientId);
      await writeAudit(tx, actor, {
        action: "lab.record",
        entityType: "LabResult",
        entityId: input.submissionId,
        patientId: input.patientId,
        changes: {
          specimenDate: input.specimenDate,
          results: valid.map((r) => ({ code: r.code, value: r.valueNumeric ?? r.valueQualitative, flag: r.flag })),
          inserted: created.count,
        },
      });
    }
    return { inserted: created.count, flagged: valid.filter((r) => r.flag !== "NORMAL").length };
  });
}

/** A dermatologist's review of an abnormal or critical result; it leaves the alert lists. */
export async function acknowledgeLab(actor: AuditActor, labResultId: string) {
  await db.$transaction(async (tx) => {
    const r = await tx.labResult.findUnique({
      where: { id: labResultId },
      select: {
        patientId: true,
        flag: true,
        acknowledgedAt: true,
        voidedAt: true,
        analyte: true,
        valueQualitative: true,
        pregnancyDecision: { select: { id: true } },
      },
    });
    if (!r) throw notFound("result");
    if (r.voidedAt) throw refused("This result was entered in error; it needs no review.");
    if (r.acknowledgedAt) return;
    if (r.analyte === "HCG" && r.valueQualitative !== "NEGATIVE" && !r.pregnancyDecision) {
      throw refused("A positive or indeterminate pregnancy test is reviewed by documenting a decision in the pregnancy-prevention section.");
    }
    await tx.labResult.update({ where: { id: labResultId }, data: { acknowledgedAt: new Date(), acknowledgedById: actor.id } });
    await writeAudit(tx, actor, {
      action: "lab.acknowledge",
      entityType: "LabResult",
      entityId: labResultId,
      patientId: r.patientId,
      changes: { flag: r.flag },
    });
  });
}

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
    refLow: num(r.refLow),
    refHigh: num(r.refHigh),
    name: r.labTest.name,
  }));
}

/** An unreviewed abnormal result with its test and patient, as the dashboard lists it. */
const alertRow = z.object({
  id: z.string(),
  test: z.string(),
  flag: z.enum([LabFlag.LOW, LabFlag.HIGH, LabFlag.ACTION, LabFlag.CRITICAL]),
  reason: z.string().nullable(),
  specimen_date: dateColumn,
  patient_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  mrn: z.string(),
});

/**
 * Unreviewed critical and abnormal results across the clinic, newest first, with counts: ranges of the
 * partial index lab_results_unreviewed_idx, so the cost follows the backlog, not the clinic's size. Flags
 * compare in their declared order (LOW < HIGH < ACTION < CRITICAL): abnormal results list action-level
 * first, then high, then low, each newest first.
 */
/** Abnormal and critical results awaiting review, for roles that may read lab values. */
export async function getLabAlerts(viewer: Viewer, limit = 25) {
  assertCan(viewer, "labs.read");
  const columns = Prisma.sql`r.id, t.name AS test, r.flag::text AS flag, r.flag_reason AS reason, r.specimen_date, r.patient_id,
    p.first_name, p.last_name, p.mrn
    FROM lab_results r JOIN lab_tests t ON t.id = r.lab_test_id JOIN patients p ON p.id = r.patient_id`;
  const unreviewed = Prisma.sql`r.acknowledged_at IS NULL AND r.flag <> 'NORMAL' AND r.voided_at IS NULL`;
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
    flag: r.flag,
    reason: r.reason,
    specimenDate: isoFromDb(r.specimen_date),
    patientId: r.patient_id,
    patientName: `${r.last_name}, ${r.first_name}`,
    mrn: r.mrn,
  });
  return { critical: critical.map(shape), criticalCount: counts.critical, abnormal: abnormal.map(shape), abnormalCount: counts.abnormal };
}
