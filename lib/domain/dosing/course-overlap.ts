import type { IsoDate } from "../dates";

/**
 * Courses of one patient never overlap (docs/DOMAIN.md "Course history"): each day of therapy belongs to
 * one course, so the lifetime total, the sum of the courses' totals, counts no day twice. A course runs
 * from its start date to its end date, both inclusive; a course without an end date (in progress) runs on.
 */
export interface CourseSpan {
  id: string;
  startDate: IsoDate;
  /** Last day of therapy (inclusive); null while the course is open. */
  endDate: IsoDate | null;
}

export function spansOverlap(a: Omit<CourseSpan, "id">, b: Omit<CourseSpan, "id">): boolean {
  const aEndsBeforeB = a.endDate !== null && a.endDate < b.startDate;
  const bEndsBeforeA = b.endDate !== null && b.endDate < a.startDate;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** The patient's courses (other than the candidate itself) that share a day with the candidate, earliest first. */
export function overlappingCourses(candidate: CourseSpan, courses: readonly CourseSpan[]): CourseSpan[] {
  return courses
    .filter((c) => c.id !== candidate.id && spansOverlap(candidate, c))
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
}
