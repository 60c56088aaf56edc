import type { Metadata } from "next";
import Link from "@/components/link";
import { z } from "zod";
import { Pagination } from "@/components/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { ALERT_LISTS, getLabAlertPage } from "@/lib/data/labs";
import { listQueuedPregnancyHolds } from "@/lib/data/queued-pregnancy-holds";
import { listPage } from "@/lib/validation/sort";
import { AlertList } from "../_components/alert-list";
import { ALERT_PANELS, alertsHref } from "../_components/alert-panel";
import { QueuedPregnancyHolds } from "../_components/queued-pregnancy-holds";

export const metadata: Metadata = { title: "Results awaiting review" };

const PER_PAGE = 25;

/**
 * The whole of one list of results awaiting review that the dashboard shows the first rows of, in the same
 * order (critical first, then the oldest), a page at a time, with the same review forms. Checked and
 * recorded as the dashboard is: its permission, labs.read in the read, the patients shown in the audit trail.
 */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("dashboard.read");
  const params = await searchParams;
  const list = z.enum(ALERT_LISTS).catch("critical").parse(params.list);
  const asked = listPage(params);
  const read = (page: number) => getLabAlertPage(user, list, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  let result = await read(asked);
  const pageCount = Math.max(1, Math.ceil(result.total / PER_PAGE));
  // A page past the end (results reviewed since its link was made): the last page instead.
  const page = Math.min(asked, pageCount);
  if (page !== asked) result = await read(page);
  // The critical list's first page leads with the patients whose prescribing a pregnancy test waiting in the queue stops.
  const holds = list === "critical" && page === 1 && can(user.role, "labs.acknowledge") ? await listQueuedPregnancyHolds(user, PER_PAGE) : null;
  await recordPatientsShown(
    user,
    "dashboard",
    [...result.rows, ...(holds?.rows ?? [])].map((r) => r.patientId),
    { part: "alerts", list, page },
  );
  const panel = ALERT_PANELS[list];
  const from = (page - 1) * PER_PAGE + 1;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Results awaiting review</h1>
        <Link href="/dashboard" className="text-sm text-brand-700 hover:underline">
          Back to the dashboard
        </Link>
      </div>
      <nav aria-label="Lists" className="flex flex-wrap gap-2">
        {ALERT_LISTS.map((l) => (
          <Link
            key={l}
            href={alertsHref(l)}
            aria-current={l === list ? "page" : undefined}
            className={l === list ? "btn-primary" : "btn-secondary"}
            data-testid={`alerts-tab-${l}`}
          >
            {ALERT_PANELS[l].title} ({result.counts[l]})
          </Link>
        ))}
      </nav>
      <AlertList
        title={panel.title}
        testId={panel.testId}
        empty={panel.empty}
        rows={result.rows}
        count={result.total === 0 ? null : `${from}–${from + result.rows.length - 1} of ${result.total}`}
        canReview={can(user.role, "labs.acknowledge")}
        today={clinicToday()}
        lead={holds ? <QueuedPregnancyHolds {...holds} /> : null}
      />
      <Pagination page={page} pageCount={pageCount} params={{ list: list === "critical" ? undefined : list }} basePath="/dashboard/alerts" />
    </div>
  );
}
