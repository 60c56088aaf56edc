import "server-only";
import { cache } from "react";
import type { Role } from "@/lib/auth/permissions";
import { recordPatientsShown } from "@/lib/data/access-audit";
import type { AuditActor } from "@/lib/data/audit";
import { getCourseSummaryPage, type CourseSort } from "@/lib/data/course-summaries";
import { getLabAlerts } from "@/lib/data/labs";
import { getWorklist } from "@/lib/data/monitoring";

/**
 * The dashboard's reads, once per request each: the counts and the lists that stream in separately share
 * them. They read the stored figures as the background refresh left them (never a refresh of their own).
 */
export const COURSES_PER_PAGE = 25;

export const dashboardAlerts = cache((role: Role) => getLabAlerts({ role }));

export const dashboardOverdue = cache((role: Role, today: string) =>
  getWorklist({ role }, today, { status: "OVERDUE", sort: "days" }, { limit: 10, offset: 0 }),
);

export const dashboardCourses = cache((role: Role, page: number, key: CourseSort, dir: "asc" | "desc") =>
  getCourseSummaryPage({ role }, { limit: COURSES_PER_PAGE, offset: (page - 1) * COURSES_PER_PAGE }, { key, dir }),
);

/** What a dashboard view reads: the viewer, the day, and the courses' page and order. */
export interface DashboardView {
  viewer: AuditActor;
  today: string;
  page: number;
  sort: { key: CourseSort; dir: "asc" | "desc" };
}

const recordDashboardView = cache(async (viewer: AuditActor, today: string, page: number, key: CourseSort, dir: "asc" | "desc") => {
  const [alerts, overdue, courses] = await Promise.all([
    dashboardAlerts(viewer.role),
    dashboardOverdue(viewer.role, today),
    dashboardCourses(viewer.role, page, key, dir),
  ]);
  const ids = [...alerts.critical, ...alerts.abnormal, ...overdue.rows, ...courses.rows].map((r) => r.patientId);
  await recordPatientsShown(viewer, "dashboard", ids, { page, sort: `${key}-${dir}` });
});

/**
 * One audit row per dashboard view, naming every patient its lists show: each list waits for it before
 * it shows anyone, and the first to ask writes it for all.
 */
export function dashboardViewRecorded({ viewer, today, page, sort }: DashboardView): Promise<void> {
  return recordDashboardView(viewer, today, page, sort.key, sort.dir);
}
