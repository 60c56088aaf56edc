import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { averageSoFarDays } from "@/lib/domain/dosing/early-average";
import { DOSE_CLASSES } from "@/lib/domain/dosing/settings";
import { targetStanding } from "@/lib/domain/dosing/target-standing";
import { NEAR_TARGET_PERCENT } from "@/lib/domain/dosing/targets";
import { cachedCount } from "./count-cache";
import { inProgress } from "./course-summaries";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { assertCan, type Viewer } from "./viewer";

/** The dashboard's page of the courses in progress, read from their stored summaries (course-summaries.ts). */

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
  lifetime_mg_per_kg: z.number(),
  target_mg_per_kg: z.number().nullable(),
  progress_percent: z.number(),
  remaining_mg: z.number(),
  projected_target_date: dateColumn.nullable(),
  target_reached_on: dateColumn.nullable(),
  dose_class: z.enum(DOSE_CLASSES),
  course_days: z.object({ start: z.string(), end: z.string().nullable(), asOf: z.string() }),
  /** A pregnancy test awaits a dermatologist's decision (an open review item): prescribing is stopped. */
  pregnancy_review: z.boolean(),
});

/**
 * The dashboard's orders of the courses in progress, each ending on the course id so pages never overlap. The
 * figures' orders are indexes of course_summaries read forwards or backwards (the course id in the same
 * direction as the figure), so a page costs its rows, not the clinic's courses; by patient, the patients'
 * name index. By target date, a course past its target by the patient's lifetime total (no date of its own)
 * comes before every date, soonest first (paused or not: it is past its target); any other paused course has no
 * projected date and sorts last either way.
 */
export const COURSE_SORTS = { progress: "desc", patient: "asc", cumulative: "desc", target: "asc" } as const;
export type CourseSort = keyof typeof COURSE_SORTS;

function courseOrderSql(sort: { key: CourseSort; dir: "asc" | "desc" }) {
  const dir = Prisma.raw(sort.dir === "asc" ? "ASC" : "DESC");
  switch (sort.key) {
    case "patient":
      return Prisma.sql`p.last_name ${dir}, p.first_name ${dir}, s.course_id`;
    case "cumulative":
      return Prisma.sql`s.mg_per_kg ${dir}, s.course_id ${dir}`;
    case "target":
      // The indexes' expression (migration 20270124000000): past the target by the lifetime total, before every date.
      return Prisma.sql`COALESCE(s.target_reached_on, s.projected_target_date, CASE WHEN s.lifetime_mg_per_kg >= s.target_mg_per_kg THEN '-infinity'::date END) ${dir} NULLS LAST, s.course_id ${dir}`;
    default:
      return Prisma.sql`s.progress_percent ${dir}, s.course_id ${dir}`;
  }
}

/** The statement of one page of courses, in a sort's order (its plan is checked by dashboard-plans.test.ts). */
export function coursePageSql(sort: { key: CourseSort; dir: "asc" | "desc" }, page: { limit: number; offset: number }) {
  return Prisma.sql`
      SELECT s.course_id, s.patient_id, p.first_name, p.last_name, p.mrn, s.status::text AS status, s.regimen, s.mg_per_kg,
        s.lifetime_mg_per_kg, s.target_mg_per_kg, s.progress_percent, s.remaining_mg, s.projected_target_date, s.target_reached_on, s.dose_class,
        (SELECT json_build_object('start', c.start_date, 'end', c.end_date, 'asOf', s.as_of) FROM courses c WHERE c.id = s.course_id) AS course_days,
        EXISTS (SELECT 1 FROM monitoring_items m WHERE m.patient_id = s.patient_id AND m.kind = 'PREG_REVIEW' AND m.completed_on IS NULL) AS pregnancy_review
      FROM course_summaries s JOIN patients p ON p.id = s.patient_id
      ORDER BY ${courseOrderSql(sort)}
      LIMIT ${page.limit} OFFSET ${page.offset}`;
}

/**
 * One page of the courses in progress, furthest along first unless sorted otherwise, with the dashboard's
 * counts. Progress is the patient's lifetime mg/kg against the course's target (course-summaries.ts), so a
 * patient past the target by an earlier or paper course leads, is counted near or past it, and has no
 * projected date; each row carries its standing (targetStanding) for the screen to say so.
 */
export async function getCourseSummaryPage(
  viewer: Viewer,
  page: { limit: number; offset: number },
  sort: { key: CourseSort; dir: "asc" | "desc" } = { key: "progress", dir: "desc" },
) {
  assertCan(viewer, "dashboard.read");
  const [rows, counts] = await Promise.all([
    queryRows(db, summaryRow, coursePageSql(sort, page)),
    // Every course in progress: kept per process until a summary changes (lib/data/count-cache.ts).
    cachedCount("course_summaries", "courses", () =>
      queryRow(
        db,
        z.object({ total: count, near_target: count }),
        Prisma.sql`SELECT count(*) AS total, count(*) FILTER (WHERE progress_percent >= ${NEAR_TARGET_PERCENT}) AS near_target FROM course_summaries`,
      ),
    ),
  ]);
  return {
    total: counts.total,
    nearTarget: counts.near_target,
    rows: rows.map((r) => {
      const figures = {
        mgPerKg: r.mg_per_kg,
        targetMgPerKg: r.target_mg_per_kg,
        remainingMg: r.remaining_mg,
        projectedTargetDate: r.projected_target_date ? isoFromDb(r.projected_target_date) : null,
        targetReachedOn: r.target_reached_on ? isoFromDb(r.target_reached_on) : null,
      };
      return {
        courseId: r.course_id,
        patientId: r.patient_id,
        patientName: `${r.last_name}, ${r.first_name}`,
        mrn: r.mrn,
        status: r.status,
        regimen: r.regimen,
        ...figures,
        lifetimeMgPerKg: r.lifetime_mg_per_kg,
        progressPercent: r.progress_percent,
        standing: targetStanding(figures, r.lifetime_mg_per_kg),
        doseClass: r.dose_class,
        averageDaysSoFar: averageSoFarDays(r.course_days.start, r.course_days.asOf, r.course_days.end),
        pregnancyReview: r.pregnancy_review,
      };
    }),
  };
}
