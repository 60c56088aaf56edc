import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { CourseStatus } from "@/lib/generated/prisma/enums";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { computeCourseDose, DOSE_CLASSES, type DosingSettings, type WeightPoint } from "@/lib/domain/dosing/cumulative";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { DOSE_CHANGES_JSON, doseChangeJson, pauseJson, regimensFromJson } from "./course-mapping";
import { getDosingSettings } from "./config";
import { lockDerivedData } from "./locks";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";

/**
 * Stored cumulative-dose summaries of the courses in progress, for the dashboard. A write that changes a
 * course or a weight refreshes its patient's rows in the same transaction; because the cumulative dose
 * moves every day, all rows are recomputed once a day (lib/data/daily-refresh.ts).
 */
/** Courses loaded, computed and written at a time: bounds the refresh's memory at any clinic size. */
const BATCH_SIZE = 1000;

/** The statuses of a course in progress: the only courses with a stored summary. */
const inProgress = z.enum([CourseStatus.ACTIVE, CourseStatus.PAUSED]);

const courseJsonRow = z.object({
  id: z.string(),
  patient_id: z.string(),
  status: inProgress,
  start_date: z.string(),
  end_date: z.string().nullable(),
  start_weight_grams: z.number(),
  target_mg_per_kg: z.number(),
  dose_changes: z.array(doseChangeJson),
  pauses: z.array(pauseJson),
  missed: z.array(z.string()),
  /** In measurement order, then entry order: the later entry of a day wins. */
  weights: z.array(z.object({ date: z.string(), grams: z.number() })) satisfies z.ZodType<WeightPoint[]>,
});
type CourseJsonRow = z.infer<typeof courseJsonRow>;

/**
 * One set-based query per batch: each course in progress with its versions, pauses, missed days and the
 * patient's weights as JSON (dates as ISO calendar strings), in course-id order from `afterId`.
 */
function loadBatch(client: Tx | PrismaClient, afterId: string, patientId: string | null, batchSize: number) {
  return queryRows(
    client,
    courseJsonRow,
    Prisma.sql`
    SELECT c.id, c.patient_id, c.status::text AS status, c.start_date::text AS start_date, c.end_date::text AS end_date,
      c.start_weight_grams, c.target_mg_per_kg,
      ${DOSE_CHANGES_JSON} AS dose_changes,
      COALESCE((SELECT json_agg(json_build_object('startDate', p.start_date::text, 'resumeDate', p.resume_date::text))
        FROM course_pauses p WHERE p.course_id = c.id), '[]') AS pauses,
      COALESCE((SELECT json_agg(m.date::text) FROM missed_doses m WHERE m.course_id = c.id), '[]') AS missed,
      COALESCE((SELECT json_agg(json_build_object('date', w.measured_on::text, 'grams', w.weight_grams) ORDER BY w.measured_on, w.entered_at)
        FROM weight_measurements w WHERE w.patient_id = c.patient_id AND w.voided_at IS NULL), '[]') AS weights
    FROM courses c
    WHERE c.status IN ('ACTIVE', 'PAUSED') AND c.id > ${afterId}::uuid
      ${patientId ? Prisma.sql`AND c.patient_id = ${patientId}::uuid` : Prisma.empty}
    ORDER BY c.id
    LIMIT ${batchSize}`,
  );
}

function summarize(c: CourseJsonRow, asOf: string, settings: DosingSettings) {
  const s = computeCourseDose(
    {
      startDate: c.start_date,
      endDate: c.end_date,
      startWeightGrams: c.start_weight_grams,
      targetMgPerKg: c.target_mg_per_kg,
      regimens: regimensFromJson(c.dose_changes),
      pauses: c.pauses,
      missedDates: c.missed,
    },
    c.weights,
    asOf,
    settings,
    { series: false },
  );
  return {
    course_id: c.id,
    patient_id: c.patient_id,
    as_of: asOf,
    status: c.status,
    total_mg: s.totalMg,
    mg_per_kg: s.mgPerKg,
    target_mg_per_kg: s.targetMgPerKg,
    progress_percent: s.progressPercent,
    remaining_mg: s.remainingMg,
    projected_target_date: s.projectedTargetDate,
    target_reached_on: s.targetReachedOn,
    dose_class: s.doseClass,
    avg_mg_per_kg_per_day_28: s.avgMgPerKgPerDay28,
    regimen: s.currentRegimen ? describeSchedule(s.currentRegimen) : "—",
  };
}

/** Writes one batch of computed rows in one statement. */
function insertRows(tx: Tx, rows: ReturnType<typeof summarize>[]) {
  return tx.$executeRaw`
    INSERT INTO course_summaries (course_id, patient_id, as_of, status, total_mg, mg_per_kg, target_mg_per_kg, progress_percent,
      remaining_mg, projected_target_date, target_reached_on, dose_class, avg_mg_per_kg_per_day_28, regimen)
    SELECT course_id, patient_id, as_of, status::"CourseStatus", total_mg, mg_per_kg, target_mg_per_kg, progress_percent,
      remaining_mg, projected_target_date, target_reached_on, dose_class, avg_mg_per_kg_per_day_28, regimen
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(course_id uuid, patient_id uuid, as_of date, status text,
      total_mg int, mg_per_kg float8, target_mg_per_kg int, progress_percent float8, remaining_mg int, projected_target_date date,
      target_reached_on date, dose_class text, avg_mg_per_kg_per_day_28 float8, regimen text)`;
}

/** Recomputes the summaries of the courses in progress (one patient's, or all), batch by batch. */
async function recompute(tx: Tx, asOf: string, patientId: string | null, batchSize = BATCH_SIZE): Promise<number> {
  const settings = await getDosingSettings(asOf, tx);
  let count = 0;
  for (let afterId = "00000000-0000-0000-0000-000000000000"; ;) {
    const batch = await loadBatch(tx, afterId, patientId, batchSize);
    if (batch.length === 0) return count;
    await insertRows(
      tx,
      batch.map((c) => summarize(c, asOf, settings)),
    );
    count += batch.length;
    afterId = batch[batch.length - 1]!.id;
  }
}

/** Inside a write's transaction: the patient's courses in progress, recomputed as of today. */
export async function refreshPatientCourseSummaries(tx: Tx, patientId: string): Promise<void> {
  await lockDerivedData(tx, "shared");
  await tx.courseSummary.deleteMany({ where: { patientId } });
  await recompute(tx, clinicToday(), patientId);
}

/** Deletes and recomputes every summary inside the caller's transaction; readers see the old rows until commit. */
export async function recomputeAllCourseSummaries(tx: Tx, asOf: string, batchSize = BATCH_SIZE): Promise<number> {
  await tx.$executeRaw`DELETE FROM course_summaries`;
  return recompute(tx, asOf, null, batchSize);
}

/** A stored summary with its patient's name, as the dashboard lists it. */
const summaryRow = z.object({
  course_id: z.string(),
  patient_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  mrn: z.string(),
  status: inProgress,
  regimen: z.string(),
  mg_per_kg: z.number(),
  target_mg_per_kg: z.number(),
  progress_percent: z.number(),
  remaining_mg: z.number(),
  projected_target_date: dateColumn.nullable(),
  target_reached_on: dateColumn.nullable(),
  dose_class: z.enum(DOSE_CLASSES),
});

/** One page of the courses in progress, furthest along first, with the dashboard's counts. */
export async function getCourseSummaryPage(page: { limit: number; offset: number }) {
  const [rows, counts] = await Promise.all([
    queryRows(
      db,
      summaryRow,
      Prisma.sql`
      SELECT s.course_id, s.patient_id, p.first_name, p.last_name, p.mrn, s.status::text AS status, s.regimen, s.mg_per_kg,
        s.target_mg_per_kg, s.progress_percent, s.remaining_mg, s.projected_target_date, s.target_reached_on, s.dose_class
      FROM course_summaries s JOIN patients p ON p.id = s.patient_id
      ORDER BY s.progress_percent DESC, s.course_id
      LIMIT ${page.limit} OFFSET ${page.offset}`,
    ),
    queryRow(
      db,
      z.object({ total: count, near_target: count }),
      Prisma.sql`SELECT count(*) AS total, count(*) FILTER (WHERE progress_percent >= 90) AS near_target FROM course_summaries`,
    ),
  ]);
  return {
    total: counts.total,
    nearTarget: counts.near_target,
    rows: rows.map((r) => ({
      courseId: r.course_id,
      patientId: r.patient_id,
      patientName: `${r.last_name}, ${r.first_name}`,
      mrn: r.mrn,
      status: r.status,
      regimen: r.regimen,
      mgPerKg: r.mg_per_kg,
      targetMgPerKg: r.target_mg_per_kg,
      progressPercent: r.progress_percent,
      remainingMg: r.remaining_mg,
      projectedTargetDate: r.projected_target_date ? isoFromDb(r.projected_target_date) : null,
      targetReachedOn: r.target_reached_on ? isoFromDb(r.target_reached_on) : null,
      doseClass: r.dose_class,
    })),
  };
}
