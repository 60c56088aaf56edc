import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { CourseStatus } from "@/lib/generated/prisma/enums";
import { clinicToday } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { WeightPoint } from "@/lib/domain/dosing/course-input";
import { computeCourseDose, type DoseAccumulator } from "@/lib/domain/dosing/cumulative";
import type { DosingSettings } from "@/lib/domain/dosing/settings";
import { courseStatusOn } from "@/lib/domain/dosing/course-status";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { lifetimeTotals, standingFigures, targetStanding } from "@/lib/domain/dosing/target-standing";
import { DOSE_CHANGES_JSON, doseChangeJson, pauseJson, regimensFromJson, SUPPLY_JSON, supplyJson } from "./course-mapping";
import { getDosingSettings } from "./config";
import { lockDerivedData } from "./locks";
import { queryRows } from "./query-rows";

/**
 * Stored cumulative-dose summaries of the courses in progress, for the dashboard and the patient's header,
 * each with the patient's lifetime mg/kg against the course's target. A write that changes a course or a
 * weight refreshes its patient's rows in full in the same transaction; because the cumulative dose moves
 * every day, the daily refresh (lib/data/daily-refresh.ts) advances every row by the days elapsed, from the
 * accumulator stored with it (dose_state). The patient's ended courses count in the lifetime total with their
 * final figures, stored beside that accumulator (endedCourses): the daily pass reads them instead of summing
 * those courses again. Only a computation from the start sums them: a write to the patient's courses or weights
 * (in its transaction), a new dosing version, a new rules revision (DERIVED_RULES_REVISION).
 */

/** The statuses of a course in progress: the only courses with a stored summary. */
export const inProgress = z.enum([CourseStatus.ACTIVE, CourseStatus.PAUSED]);

/** In progress on `asOf`, in SQL (alias `c`): courseStatusOn (lib/domain/dosing/course-status.ts), which a test compares. */
export const courseInProgressSql = (asOf: string) => Prisma.sql`(c.status IN ('ACTIVE', 'PAUSED') OR c.end_date > ${asOf}::date)`;

/** An ended course's figures that count in the lifetime total, as stored with the patient's summaries (dose_state.endedCourses). */
const endedFigures = z.object({ id: z.string(), totalMg: z.number(), mgPerKg: z.number() });
type EndedFigures = z.infer<typeof endedFigures>;

const courseJsonRow = z.object({
  id: z.string(),
  patient_id: z.string(),
  status: z.enum(CourseStatus),
  start_date: z.string(),
  end_date: z.string().nullable(),
  start_weight_grams: z.number(),
  target_mg_per_kg: z.number().nullable(),
  /** In progress on the day (a stored summary of its own); the patient's other courses count in the lifetime total. */
  in_progress: z.boolean(),
  /** Ended on or before the day (a last day recorded): its figures are final; with them, as the patient's summaries last stored them. */
  ended: z.boolean(),
  final_figures: endedFigures.nullable(),
  /** From paper records: no supply data (it counts by schedule), and its total when that is all it gives. */
  paper_record: z.boolean(),
  recorded_total_mg: z.number().nullable(),
  dose_changes: z.array(doseChangeJson),
  pauses: z.array(pauseJson),
  missed: z.array(z.string()),
  supply: z.array(supplyJson),
  /** In measurement order, then entry order: the later entry of a day wins. */
  weights: z.array(z.object({ date: z.string(), grams: z.number() })) satisfies z.ZodType<WeightPoint[]>,
  /** The stored accumulator, when the summary has one. */
  dose_state: z
    .object({
      through: z.string(),
      totalMg: z.number(),
      mgByGrams: z.array(z.tuple([z.number(), z.number()])),
      targetReachedOn: z.string().nullable(),
      daysOnTherapy: z.number(),
      dosesCounted: z.number(),
      supplyGapDays: z.number(),
    })
    // A state stored without the day counts is not resumed from: the course is summed again from its start.
    .nullable()
    .catch(null) satisfies z.ZodType<DoseAccumulator | null>,
});
type CourseJsonRow = z.infer<typeof courseJsonRow>;

/**
 * One set-based query: every course of these patients (those in progress, and the others for the lifetime
 * total) with its versions, pauses, missed days, the patient's weights as JSON (dates as ISO calendar strings)
 * and, for a course in progress, its stored accumulator; `advance`: for an ended course, its stored final figures.
 */
function loadCourses(client: Tx | PrismaClient, patientIds: string[], asOf: string, advance: boolean) {
  const ended = Prisma.sql`(NOT ${courseInProgressSql(asOf)} AND c.end_date IS NOT NULL)`;
  return queryRows(
    client,
    courseJsonRow,
    Prisma.sql`
    SELECT c.id, c.patient_id, c.status::text AS status, c.start_date::text AS start_date, c.end_date::text AS end_date,
      c.start_weight_grams, c.target_mg_per_kg, ${courseInProgressSql(asOf)} AS in_progress, ${ended} AS ended,
      ${
        advance
          ? Prisma.sql`CASE WHEN ${ended} THEN (SELECT e FROM course_summaries s, jsonb_array_elements(s.dose_state->'endedCourses') e
              WHERE s.patient_id = c.patient_id AND e->>'id' = c.id::text LIMIT 1) END`
          : Prisma.sql`NULL::jsonb`
      } AS final_figures, c.paper_record, c.recorded_total_mg,
      ${DOSE_CHANGES_JSON} AS dose_changes,
      COALESCE((SELECT json_agg(json_build_object('startDate', p.start_date::text, 'resumeDate', p.resume_date::text))
        FROM course_pauses p WHERE p.course_id = c.id AND p.voided_at IS NULL), '[]') AS pauses,
      COALESCE((SELECT json_agg(m.date::text) FROM missed_doses m WHERE m.course_id = c.id AND m.voided_at IS NULL), '[]') AS missed,
      ${SUPPLY_JSON} AS supply,
      COALESCE((SELECT json_agg(json_build_object('date', w.measured_on::text, 'grams', w.weight_grams) ORDER BY w.measured_on, w.entered_at)
        FROM weight_measurements w WHERE w.patient_id = c.patient_id AND w.voided_at IS NULL), '[]') AS weights,
      (SELECT s.dose_state FROM course_summaries s WHERE s.course_id = c.id) AS dose_state
    FROM courses c
    WHERE c.patient_id = ANY(${patientIds}::uuid[])
    ORDER BY c.id`,
  );
}

/** A course's figures on `asOf`, as the patient page computes them (getPatientTreatment); `advance`: from its stored accumulator. */
function computeFigures(c: CourseJsonRow, asOf: string, settings: DosingSettings, advance: boolean) {
  return computeCourseDose(
    {
      startDate: c.start_date,
      endDate: c.end_date,
      startWeightGrams: c.start_weight_grams,
      targetMgPerKg: c.target_mg_per_kg,
      recordedTotalMg: c.recorded_total_mg,
      regimens: regimensFromJson(c.dose_changes),
      pauses: c.pauses,
      missedDates: c.missed,
      supply: c.paper_record ? null : c.supply,
    },
    c.weights,
    asOf,
    settings,
    { series: false, resumeFrom: advance && c.in_progress ? c.dose_state : null },
  );
}

/**
 * The stored rows of one patient's courses in progress (none: nothing is summed), each judged against its target
 * by the patient's lifetime mg/kg, summed over every course as the patient page sums it (targetStanding): past the
 * target, no remaining dose and no projected date. `advance`: an ended course's stored final figures stand for it.
 */
function summarizePatient(courses: CourseJsonRow[], asOf: string, settings: DosingSettings, advance: boolean) {
  const current = courses.filter((c) => c.in_progress).map((c) => ({ c, s: computeFigures(c, asOf, settings, advance) }));
  if (current.length === 0) return [];
  const others = courses
    .filter((c) => !c.in_progress)
    .map((c) => ({ c, s: (advance && c.final_figures) || { id: c.id, ...pickFigures(computeFigures(c, asOf, settings, false)) } }));
  const lifetimeMgPerKg = lifetimeTotals([...current, ...others].map((f) => f.s)).mgPerKg;
  const ended = others.filter((f) => f.c.ended).map((f) => f.s);
  return current.map(({ c, s }) => summaryRow(c, s, lifetimeMgPerKg, asOf, ended));
}

const pickFigures = ({ totalMg, mgPerKg }: { totalMg: number; mgPerKg: number }) => ({ totalMg, mgPerKg });

function summaryRow(c: CourseJsonRow, s: ReturnType<typeof computeCourseDose>, lifetimeMgPerKg: number, asOf: string, ended: EndedFigures[]) {
  const status = inProgress.parse(courseStatusOn({ status: c.status, endDate: c.end_date, pauses: c.pauses }, asOf));
  const standing = targetStanding(s, lifetimeMgPerKg);
  const shown = standingFigures(standing);
  return {
    course_id: c.id,
    patient_id: c.patient_id,
    as_of: asOf,
    status,
    total_mg: s.totalMg,
    mg_per_kg: s.mgPerKg,
    lifetime_mg_per_kg: lifetimeMgPerKg,
    target_mg_per_kg: s.targetMgPerKg,
    progress_percent: standing.kind === "NO_TARGET" ? 0 : standing.percent,
    remaining_mg: shown.remainingMg,
    projected_target_date: shown.projectedTargetDate,
    target_reached_on: s.targetReachedOn,
    dose_class: s.doseClass,
    avg_mg_per_kg_per_day_28: s.avgMgPerKgPerDay28,
    regimen: s.currentRegimen ? describeSchedule(s.currentRegimen) : "—",
    dose_state: ended.length ? { ...s.accumulator, endedCourses: ended } : s.accumulator,
  };
}

/** Writes one batch of computed rows in one statement. */
function insertRows(tx: Tx, rows: ReturnType<typeof summaryRow>[]) {
  return tx.$executeRaw`
    INSERT INTO course_summaries (course_id, patient_id, as_of, status, total_mg, mg_per_kg, lifetime_mg_per_kg, target_mg_per_kg,
      progress_percent, remaining_mg, projected_target_date, target_reached_on, dose_class, avg_mg_per_kg_per_day_28, regimen, dose_state)
    SELECT course_id, patient_id, as_of, status::"CourseStatus", total_mg, mg_per_kg, lifetime_mg_per_kg, target_mg_per_kg,
      progress_percent, remaining_mg, projected_target_date, target_reached_on, dose_class, avg_mg_per_kg_per_day_28, regimen, dose_state
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(course_id uuid, patient_id uuid, as_of date, status text,
      total_mg int, mg_per_kg float8, lifetime_mg_per_kg float8, target_mg_per_kg int, progress_percent float8, remaining_mg int,
      projected_target_date date, target_reached_on date, dose_class text, avg_mg_per_kg_per_day_28 float8, regimen text, dose_state jsonb)`;
}

/**
 * Rewrites the summaries of these patients' courses in progress as of `asOf`, inside the caller's
 * transaction, under the patients' derived-data locks. `advance`: from each stored accumulator, adding
 * only the days since (the daily refresh, when the dosing settings did not change); otherwise from the
 * start. Returns the number of courses.
 */
export async function rewriteCourseSummaries(
  tx: Tx,
  patientIds: string[],
  asOf: string,
  advance = false,
  /** The dosing settings, when a clinic-wide pass loaded them once for all its batches. */
  dosing?: DosingSettings,
): Promise<number> {
  if (patientIds.length === 0) return 0;
  await lockDerivedData(tx, patientIds);
  const settings = dosing ?? (await getDosingSettings(asOf, tx));
  const courses = await loadCourses(tx, patientIds, asOf, advance);
  await tx.$executeRaw`DELETE FROM course_summaries WHERE patient_id = ANY(${patientIds}::uuid[])`;
  const byPatient = new Map<string, CourseJsonRow[]>();
  for (const c of courses) byPatient.set(c.patient_id, [...(byPatient.get(c.patient_id) ?? []), c]);
  const rows = [...byPatient.values()].flatMap((patientCourses) => summarizePatient(patientCourses, asOf, settings, advance));
  if (rows.length > 0) await insertRows(tx, rows);
  return rows.length;
}

/** Inside a write's transaction: the patient's courses in progress, recomputed as of today. */
export async function refreshPatientCourseSummaries(tx: Tx, patientId: string): Promise<void> {
  await rewriteCourseSummaries(tx, [patientId], clinicToday());
}
