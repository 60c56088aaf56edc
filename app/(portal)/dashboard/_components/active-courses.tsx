import { Pagination } from "@/components/pagination";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import type { AuditActor } from "@/lib/data/audit";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { COURSE_SORTS, type CourseSort } from "@/lib/data/course-summary-page";
import { AVERAGE_WINDOW_DAYS } from "@/lib/domain/dosing/settings";
import type { SortState } from "@/lib/validation/sort";
import { ActiveCourseRows } from "./active-course-rows";
import { COURSES_PER_PAGE, dashboardCourses } from "./dashboard-reads";

const sortable = (key: CourseSort) => ({ key, first: COURSE_SORTS[key] });
const COLUMNS: SortableColumn<CourseSort>[] = [
  { label: "Patient", sort: sortable("patient") },
  { label: "Regimen" },
  { label: "Cumulative", sort: sortable("cumulative") },
  { label: "Progress", sort: sortable("progress") },
  { label: "Target date", sort: sortable("target") },
  { label: `${AVERAGE_WINDOW_DAYS}-day class` },
];

const SORT_NAMES: Record<CourseSort, string> = {
  progress: "by progress",
  patient: "by patient",
  cumulative: "by cumulative mg/kg",
  target: "by target date",
};

/** The courses in progress, sortable by their columns, a page at a time; the patients shown are recorded. */
export async function ActiveCourses({ viewer, page, sort }: { viewer: AuditActor; page: number; sort: SortState<CourseSort> }) {
  const courses = await dashboardCourses(viewer.role, page, sort.key, sort.dir);
  await recordPatientsShown(
    viewer,
    "dashboard",
    courses.rows.map((c) => c.patientId),
    { part: "courses", page, sort: `${sort.key}-${sort.dir}` },
  );
  const pageCount = Math.max(1, Math.ceil(courses.total / COURSES_PER_PAGE));
  const params = { sort: sort.key, dir: sort.dir };
  return (
    <>
      <section aria-labelledby="active-heading" className="card overflow-x-auto p-0">
        <h2 id="active-heading" className="px-4 pt-4 text-lg font-semibold">
          Active courses{" "}
          <span className="text-sm font-normal text-slate-600">
            ({courses.total}, {SORT_NAMES[sort.key]}, {sort.dir === "asc" ? "ascending" : "descending"})
          </span>
        </h2>
        {courses.total === 0 ? (
          <p className="p-4 text-slate-600">No course in progress. Start one from a patient&apos;s page.</p>
        ) : (
          <table className="table" data-testid="active-courses">
            <SortableTableHead columns={COLUMNS} current={sort} basePath="/dashboard" params={{}} />
            <ActiveCourseRows rows={courses.rows} />
          </table>
        )}
      </section>
      <Pagination page={page} pageCount={pageCount} params={params} basePath="/dashboard" />
    </>
  );
}
