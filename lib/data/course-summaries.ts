import "server-only";
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { courseInputFromRow, doseChangeSelect } from "./course-mapping";
import { getDosingSettings } from "./treatment";

/**
 * Stored cumulative-dose summaries of the courses in progress, for the dashboard. A write that changes a
 * course or a weight refreshes its patient's rows in the same transaction; because the cumulative dose
 * moves every day, rows computed before today are refreshed once, by the first request of the day, under
 * an advisory lock (another instance waits, then finds them fresh).
 */
const IN_PROGRESS = { status: { in: ["ACTIVE", "PAUSED"] as ("ACTIVE" | "PAUSED")[] } };
const DAILY_REFRESH_LOCK = 727_275;

async function computeRows(client: Tx | PrismaClient, where: Prisma.CourseWhereInput, asOf: string) {
  const courses = await client.course.findMany({
    where: { ...where, ...IN_PROGRESS },
    select: {
      id: true, patientId: true, status: true, startDate: true, endDate: true, startWeightGrams: true, targetMgPerKg: true,
      doseChanges: { select: doseChangeSelect },
      pauses: { select: { startDate: true, resumeDate: true } },
      missedDoses: { select: { date: true } },
    },
  });
  const settings = await getDosingSettings(client);
  const weights = await client.weightMeasurement.findMany({
    where: { patientId: { in: [...new Set(courses.map((c) => c.patientId))] } },
    select: { patientId: true, measuredOn: true, weightGrams: true },
    orderBy: { measuredOn: "asc" },
  });
  const byPatient = new Map<string, { date: string; grams: number }[]>();
  for (const w of weights) {
    const list = byPatient.get(w.patientId) ?? [];
    list.push({ date: isoFromDb(w.measuredOn), grams: w.weightGrams });
    byPatient.set(w.patientId, list);
  }
  return courses.map((c) => {
    const s = computeCourseDose(courseInputFromRow(c), byPatient.get(c.patientId) ?? [], asOf, settings);
    return {
      courseId: c.id,
      patientId: c.patientId,
      asOf: dbDate(asOf),
      status: c.status,
      totalMg: s.totalMg,
      mgPerKg: s.mgPerKg,
      targetMgPerKg: s.targetMgPerKg,
      progressPercent: s.progressPercent,
      remainingMg: s.remainingMg,
      projectedTargetDate: s.projectedTargetDate ? dbDate(s.projectedTargetDate) : null,
      targetReachedOn: s.targetReachedOn ? dbDate(s.targetReachedOn) : null,
      doseClass: s.doseClass,
      avgMgPerKgPerDay28: s.avgMgPerKgPerDay28,
      regimen: s.currentRegimen ? describeSchedule(s.currentRegimen) : "—",
    };
  });
}

/** Inside a write's transaction: the patient's courses in progress, recomputed as of today. */
export async function refreshPatientCourseSummaries(tx: Tx, patientId: string): Promise<void> {
  const rows = await computeRows(tx, { patientId }, clinicToday());
  await tx.courseSummary.deleteMany({ where: { patientId } });
  if (rows.length) await tx.courseSummary.createMany({ data: rows });
}

async function isStale(client: Tx | PrismaClient, asOf: string): Promise<boolean> {
  const [row] = await client.$queryRaw<{ stale: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM course_summaries WHERE as_of < ${asOf}::date)
      OR (SELECT count(*) FROM courses WHERE status IN ('ACTIVE', 'PAUSED')) <> (SELECT count(*) FROM course_summaries) AS stale`;
  return row!.stale;
}

/** Recomputes every summary when any is older than `asOf` (or missing). Returns whether it did. */
export async function ensureCourseSummariesFresh(client: PrismaClient, asOf = clinicToday()): Promise<boolean> {
  if (!(await isStale(client, asOf))) return false;
  return client.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${DAILY_REFRESH_LOCK})::text AS locked`;
      if (!(await isStale(tx, asOf))) return false;
      const rows = await computeRows(tx, {}, asOf);
      await tx.courseSummary.deleteMany({});
      for (let i = 0; i < rows.length; i += 5000) await tx.courseSummary.createMany({ data: rows.slice(i, i + 5000) });
      return true;
    },
    { timeout: 120_000 },
  );
}

/** One page of the courses in progress, furthest along first, with the dashboard's counts. */
export async function getCourseSummaryPage(asOf: string, page: { limit: number; offset: number }) {
  await ensureCourseSummariesFresh(db, asOf);
  const [rows, total, nearTarget] = await Promise.all([
    db.courseSummary.findMany({
      orderBy: [{ progressPercent: "desc" }, { courseId: "asc" }],
      skip: page.offset,
      take: page.limit,
      select: {
        courseId: true, patientId: true, status: true, mgPerKg: true, targetMgPerKg: true, progressPercent: true, remainingMg: true,
        projectedTargetDate: true, targetReachedOn: true, doseClass: true, regimen: true,
        course: { select: { patient: { select: { firstName: true, lastName: true, mrn: true } } } },
      },
    }),
    db.courseSummary.count(),
    db.courseSummary.count({ where: { progressPercent: { gte: 90 } } }),
  ]);
  return {
    total,
    nearTarget,
    rows: rows.map((r) => ({
      courseId: r.courseId,
      patientId: r.patientId,
      patientName: `${r.course.patient.lastName}, ${r.course.patient.firstName}`,
      mrn: r.course.patient.mrn,
      status: r.status,
      regimen: r.regimen,
      mgPerKg: r.mgPerKg,
      targetMgPerKg: r.targetMgPerKg,
      progressPercent: r.progressPercent,
      remainingMg: r.remainingMg,
      projectedTargetDate: r.projectedTargetDate ? isoFromDb(r.projectedTargetDate) : null,
      targetReachedOn: r.targetReachedOn ? isoFromDb(r.targetReachedOn) : null,
      doseClass: r.doseClass as "none" | "micro" | "low" | "standard" | "high",
    })),
  };
}
