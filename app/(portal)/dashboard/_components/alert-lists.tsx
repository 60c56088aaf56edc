import type { AuditActor } from "@/lib/data/audit";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { can } from "@/lib/auth/permissions";
import { PanelSkeleton } from "@/components/section-states";
import { AlertList } from "./alert-list";
import { ALERT_PANEL_HEIGHT } from "./alert-panel";
import { dashboardAlerts } from "./dashboard-reads";

/** Critical and abnormal results awaiting review, side by side; the patients shown are recorded. */
export async function AlertLists({ viewer }: { viewer: AuditActor }) {
  const alerts = await dashboardAlerts(viewer.role);
  await recordPatientsShown(
    viewer,
    "dashboard",
    [...alerts.critical, ...alerts.abnormal].map((r) => r.patientId),
    { part: "alerts" },
  );
  const canReview = can(viewer.role, "labs.acknowledge");
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <AlertList
        title="Critical alerts"
        testId="critical-alerts"
        empty="No critical result awaiting review."
        rows={alerts.critical}
        total={alerts.criticalCount}
        canReview={canReview}
      />
      <AlertList
        title="Abnormal results awaiting review"
        testId="abnormal-results"
        empty="Every abnormal result has been reviewed."
        rows={alerts.abnormal}
        total={alerts.abnormalCount}
        canReview={canReview}
      />
    </div>
  );
}

/** The two panels' placeholders, with their titles and height. */
export function AlertListsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <PanelSkeleton title="Critical alerts" className={ALERT_PANEL_HEIGHT} />
      <PanelSkeleton title="Abnormal results awaiting review" className={ALERT_PANEL_HEIGHT} />
    </div>
  );
}
