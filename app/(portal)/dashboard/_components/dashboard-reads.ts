import "server-only";
import { cache } from "react";
import { can, type Role } from "@/lib/auth/permissions";
import { getCourseSummaryPage, type CourseSort } from "@/lib/data/course-summary-page";
import { getLabAlerts } from "@/lib/data/labs";
import { getWorklist } from "@/lib/data/monitoring";
import { listQueuedPregnancyHolds } from "@/lib/data/queued-pregnancy-holds";
import { listRepeatNotices } from "@/lib/data/repeat-notices";

/**
 * The dashboard's reads, once per request each: the counts and the lists that stream in separately share
 * them. They read the stored figures as the background refresh left them (never a refresh of their own).
 */
export const COURSES_PER_PAGE = 25;

/** The rows each alert panel shows, the most urgent first; the rest are a link away (/dashboard/alerts). */
export const DASHBOARD_ALERT_ROWS = 10;

export const dashboardAlerts = cache((role: Role) => getLabAlerts({ role }, DASHBOARD_ALERT_ROWS));

/** Repeat tests no longer listed that no dermatologist has acknowledged (dermatologists only): one indexed query. */
export const dashboardRepeatNotices = cache((role: Role) =>
  can(role, "labs.acknowledge") ? listRepeatNotices({ role }, DASHBOARD_ALERT_ROWS) : Promise.resolve({ rows: [], more: false }),
);

/**
 * The patients whose prescribing a laboratory's pregnancy test waiting in the queue stops (dermatologists only),
 * with the critical alerts and counted with them: one query on the queue's pending holds.
 */
export const dashboardQueuedHolds = cache((role: Role) =>
  can(role, "labs.acknowledge") ? listQueuedPregnancyHolds({ role }, DASHBOARD_ALERT_ROWS) : Promise.resolve({ rows: [], total: 0 }),
);

export const dashboardOverdue = cache((role: Role, today: string) =>
  getWorklist({ role }, today, { status: "OVERDUE", sort: "days" }, { limit: 10, offset: 0 }),
);

export const dashboardCourses = cache((role: Role, page: number, key: CourseSort, dir: "asc" | "desc") =>
  getCourseSummaryPage({ role }, { limit: COURSES_PER_PAGE, offset: (page - 1) * COURSES_PER_PAGE }, { key, dir }),
);
