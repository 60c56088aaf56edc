import type { AuditActor } from "@/lib/data/audit";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { can } from "@/lib/auth/permissions";
import { clinicToday } from "@/lib/clinic";
import { PanelSkeleton } from "@/components/section-states";
import { formatCount } from "@/lib/format";
import { ALERT_LISTS } from "@/lib/data/labs";
import { AlertList } from "./alert-list";
import { ALERT_PANELS, alertsHref } from "./alert-panel";
import { dashboardAlerts, dashboardQueuedHolds, dashboardRepeatNotices } from "./dashboard-reads";
import { QueuedPregnancyHolds } from "./queued-pregnancy-holds";
import { RepeatNotices } from "./repeat-notices";

/**
 * Critical and abnormal results awaiting review, side by side: the most urgent of each (critical first,
 * then the oldest), every one shown, and a link to the rest when there are more; the patients shown are
 * recorded. Below them, read at the same time, the repeat tests no longer listed that no dermatologist has
 * acknowledged (only when there are some). The panels take the height of their rows, so the sections below them
 * (`children`) are shown once they are, and nothing moves when the panels arrive.
 */
export async function AlertLists({ viewer, children }: { viewer: AuditActor; children?: React.ReactNode }) {
  const [alerts, notices, holds] = await Promise.all([dashboardAlerts(viewer.role), dashboardRepeatNotices(viewer.role), dashboardQueuedHolds(viewer.role)]);
  await recordPatientsShown(
    viewer,
    "dashboard",
    [...alerts.critical, ...alerts.abnormal, ...notices.rows, ...holds.rows].map((r) => r.patientId),
    { part: "alerts" },
  );
  const canReview = can(viewer.role, "labs.acknowledge");
  const today = clinicToday();
  // The patients whose prescribing a waiting pregnancy test stops lead the critical panel, counted on their own
  // (the panel's count and its link to the rest are of the results; the tile above counts both).
  const lists = {
    critical: { rows: alerts.critical, total: alerts.criticalCount, lead: holds.rows.length ? <QueuedPregnancyHolds {...holds} /> : null },
    abnormal: { rows: alerts.abnormal, total: alerts.abnormalCount, lead: null },
  };
  return (
    <>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        {ALERT_LISTS.map((list) => {
          const { rows, total, lead } = lists[list];
          const panel = ALERT_PANELS[list];
          const more = total - rows.length;
          return (
            <AlertList
              key={list}
              title={panel.title}
              testId={panel.testId}
              empty={panel.empty}
              rows={rows}
              count={total === 0 ? null : more > 0 ? `${rows.length} of ${total}` : String(total)}
              more={more > 0 ? { href: alertsHref(list), label: `${formatCount(more, `more ${panel.item}`, `more ${panel.item}s`)}` } : null}
              canReview={canReview}
              today={today}
              lead={lead}
            />
          );
        })}
      </div>
      <RepeatNotices rows={notices.rows} more={notices.more} />
      {children}
    </>
  );
}

/** The two panels' placeholders, with their titles. */
export function AlertListsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {ALERT_LISTS.map((list) => (
        <PanelSkeleton key={list} title={ALERT_PANELS[list].title} className="min-h-40" />
      ))}
    </div>
  );
}
