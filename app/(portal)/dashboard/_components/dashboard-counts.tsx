import Link from "@/components/link";
import type { Role } from "@/lib/auth/permissions";
import type { CourseSort } from "@/lib/data/course-summary-page";
import { listHref, type SortState } from "@/lib/validation/sort";
import { alertsHref } from "./alert-panel";
import { dashboardAlerts, dashboardCourses, dashboardOverdue } from "./dashboard-reads";

/**
 * The four counts at the top, in order: their cards and the skeleton's, and the list each one counts: the
 * whole list of critical or abnormal results awaiting review, the worklist filtered to overdue items (it
 * lists their patients), and the active courses furthest along first, where those near or past their target
 * lead.
 */
const COUNTS = {
  critical: { label: "Critical alerts", href: alertsHref("critical") },
  abnormal: { label: "Abnormal results to review", href: alertsHref("abnormal") },
  overdue: { label: "Overdue monitoring", href: "/monitoring?status=OVERDUE" },
  nearTarget: { label: "Courses near or past target", href: `${listHref("/dashboard", { sort: "progress", dir: "desc" })}#active-heading` },
} as const;

/**
 * Two columns on a phone, four from the small breakpoint on: on a phone the counts take two short rows, so
 * the alert lists start on the first screen, below the portal's header.
 */
const GRID = "grid grid-cols-2 gap-2 sm:grid-cols-4 sm:gap-3";

/** The four counts at the top; each read is shared with the list that shows its rows. */
export async function DashboardCounts({ role, today, page, sort }: { role: Role; today: string; page: number; sort: SortState<CourseSort> }) {
  const [alerts, overdue, courses] = await Promise.all([
    dashboardAlerts(role),
    dashboardOverdue(role, today),
    dashboardCourses(role, page, sort.key, sort.dir),
  ]);
  // Critical results, as the panel counts them ("10 of 22"); the patients a waiting pregnancy test holds are counted
  // in their own heading within that panel.
  const critical = alerts.criticalCount;
  return (
    <div className={GRID}>
      <Count {...COUNTS.critical} value={critical} testId="count-critical" tone={critical ? "critical" : undefined} />
      <Count {...COUNTS.abnormal} value={alerts.abnormalCount} testId="count-abnormal" />
      <Count {...COUNTS.overdue} value={overdue.total} testId="count-overdue" />
      <Count {...COUNTS.nearTarget} value={courses.nearTarget} testId="count-near-target" />
    </div>
  );
}

/** The same four cards, labelled, while the counts are read: the counts arriving move nothing. */
export function DashboardCountsSkeleton() {
  return (
    <div className={GRID} role="status" aria-label="Loading counts">
      {Object.values(COUNTS).map(({ label }) => (
        <Count key={label} label={label} value={null} />
      ))}
    </div>
  );
}

/**
 * A count's card: a link to the list it counts once read (its box the same either way). On a phone the
 * number stands before its label, on one short row; from the small breakpoint on, under it.
 */
function Count({ label, value, href, testId, tone }: { label: string; value: number | null; href?: string; testId?: string; tone?: "critical" }) {
  const box = `flex items-center gap-2 rounded-lg border px-3 py-2 shadow-sm sm:flex-col sm:items-stretch sm:justify-between sm:gap-1 sm:p-4 ${
    tone === "critical" ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"
  }`;
  const content = (
    <>
      <span className="block text-xs leading-tight text-slate-600 sm:text-sm">{label}</span>
      <span className="order-first block text-2xl font-semibold sm:order-none sm:text-3xl" data-testid={testId}>
        {value ?? <span className="text-slate-300">–</span>}
      </span>
    </>
  );
  if (value === null || !href) return <div className={box}>{content}</div>;
  return (
    <Link href={href} className={`${box} hover:border-brand-600 hover:bg-brand-50`} data-testid={testId ? `${testId}-link` : undefined}>
      {content}
    </Link>
  );
}
