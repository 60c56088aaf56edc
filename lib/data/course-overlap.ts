import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { overlappingCourses, type CourseSpan } from "@/lib/domain/dosing/course-overlap";
import { formatDate } from "@/lib/format";
import { invalidField } from "@/lib/errors";

/** "the course from 5 Jan 2024 to 30 Jun 2024", "the course from 1 Sept 2026 (in progress)". */
const describeSpan = (c: CourseSpan) => `the course from ${formatDate(c.startDate)}${c.endDate ? ` to ${formatDate(c.endDate)}` : " (in progress)"}`;

/**
 * Refuses a course span that shares a day with another course of the patient, naming that course and its
 * dates. Callers hold the patient lock (lockPatient), so no course can be written alongside; the
 * courses_no_overlap exclusion constraint is the database's guard behind this check.
 */
export async function assertNoOverlap(tx: Tx, patientId: string, candidate: CourseSpan, field: string): Promise<void> {
  const rows = await tx.course.findMany({ where: { patientId }, select: { id: true, startDate: true, endDate: true } });
  const spans = rows.map((r) => ({ id: r.id, startDate: isoFromDb(r.startDate), endDate: r.endDate ? isoFromDb(r.endDate) : null }));
  const clash = overlappingCourses(candidate, spans);
  if (clash.length) {
    throw invalidField(field, `Courses of one patient cannot overlap: these dates share days with ${clash.map(describeSpan).join(" and ")}.`);
  }
}
