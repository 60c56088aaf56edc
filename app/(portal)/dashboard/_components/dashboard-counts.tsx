import type { Role } from "@/lib/auth/permissions";
import type { CourseSort } from "@/lib/data/course-summary-page";
import type { SortState } from "@/lib/validation/sort";
import { dashboardAlerts, dashboardCourses, dashboardOverdue } from "./dashboard-reads";

/** The four counts at the top, in order: their cards and the skeleton's. */
const COUNTS = {
  critical: "Critical alerts",
  abnormal: "Abnormal results to review",
  overdue: "Overdue monitoring",
  nearTarget: "Courses near or past target",
} as const;

/** The four counts at the top; each read is shared with the list that shows its rows. */
export async function DashboardCounts({ role, today, page, sort }: { role: Role; today: string; page: number; sort: SortState<CourseSort> }) {
  const [alerts, overdue, courses] = await Promise.all([
    dashboardAlerts(role),
    dashboardOverdue(role, today),
    dashboardCourses(role, page, sort.key, sort.dir),
  ]);
  return (
    <div className="grid gap-3 sm:grid-cols-4">
      <Count label={COUNTS.critical} value={alerts.criticalCount} testId="count-critical" tone={alerts.criticalCount ? "critical" : undefined} />
      <Count label={COUNTS.abnormal} value={alerts.abnormalCount} testId="count-abnormal" />
      <Count label={COUNTS.overdue} value={overdue.total} testId="count-overdue" />
      <Count label={COUNTS.nearTarget} value={courses.nearTarget} testId="count-near-target" />
    </div>
  );
}

/** The same four cards, labelled, while the counts are read: the counts arriving move nothing. */
export function DashboardCountsSkeleton() {
  return (
    <div className="grid gap-3 sm:grid-cols-4" role="status" aria-label="Loading counts">
      {Object.values(COUNTS).map((label) => (
        <Count key={label} label={label} value={null} />
      ))}
    </div>
  );
}

function Count({ label, value, testId, tone }: { label: string; value: number | null; testId?: string; tone?: "critical" }) {
  return (
    <div className={`card ${tone === "critical" ? "border-red-300 bg-red-50" : ""}`}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold" data-testid={testId}>
        {value ?? <span className="text-slate-300">–</span>}
      </p>
    </div>
  );
}
