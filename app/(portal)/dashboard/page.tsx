import type { Metadata } from "next";
import { Suspense } from "react";
import { z } from "zod";
import { PanelSkeleton, SectionSkeleton } from "@/components/section-states";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { COURSE_SORTS } from "@/lib/data/course-summary-page";
import { formatDate } from "@/lib/format";
import { parseSort } from "@/lib/validation/sort";
import { ActiveCourses } from "./_components/active-courses";
import { AlertLists, AlertListsSkeleton } from "./_components/alert-lists";
import { DashboardCounts, DashboardCountsSkeleton } from "./_components/dashboard-counts";
import { OVERDUE_PANEL_HEIGHT, OverdueList } from "./_components/overdue-list";
import { FiguresStatus } from "./_components/figures-status";
import { ApprovalsNotice } from "./_components/approvals-notice";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * The heading goes out with the two notices above the sections (figures behind today, approvals waiting: a
 * primary-key read and three counts, read while the sections' reads start); the counts, the alerts, the
 * overdue items and the courses each stream in behind their own skeleton, each reading (once per request)
 * what it shows (the counts start all three reads at once). A notice that streamed in later would push
 * everything below it down; so would the alert panels, which take the height of their rows: the sections
 * below them are shown with them (their own skeletons until their rows arrive), never before.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("dashboard.read");
  const params = await searchParams;
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(params.page);
  const sort = parseSort(params, COURSE_SORTS, "progress");
  const today = clinicToday();
  const overdueSkeleton = <PanelSkeleton title="Overdue monitoring" className={OVERDUE_PANEL_HEIGHT} />;
  const coursesSkeleton = <SectionSkeleton label="active courses" rows={6} />;
  return (
    <div className="space-y-4 sm:space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-slate-600">As of {formatDate(today)}</p>
      </div>
      {/* Outside any Suspense boundary: the notices come with the heading, never push the sections down later. */}
      <FiguresStatus today={today} />
      <ApprovalsNotice viewer={user} />
      {/* Each fallback has the height of what replaces it, so the sections arriving move nothing. */}
      <Suspense fallback={<DashboardCountsSkeleton />}>
        <DashboardCounts role={user.role} today={today} page={page} sort={sort} />
      </Suspense>
      <Suspense
        fallback={
          <>
            <AlertListsSkeleton />
            {overdueSkeleton}
            {coursesSkeleton}
          </>
        }
      >
        <AlertLists viewer={user}>
          <Suspense fallback={overdueSkeleton}>
            <OverdueList viewer={user} today={today} />
          </Suspense>
          <Suspense fallback={coursesSkeleton}>
            <ActiveCourses viewer={user} page={page} sort={sort} />
          </Suspense>
        </AlertLists>
      </Suspense>
    </div>
  );
}
