import Link from "next/link";
import type { AuditActor } from "@/lib/data/audit";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { formatDate } from "@/lib/format";
import { LAB_FLAG_LABELS } from "@/lib/labels";
import { FLAG_STYLE } from "@/components/badge-styles";
import { can } from "@/lib/auth/permissions";
import { PanelSkeleton } from "@/components/section-states";
import { AcknowledgeButton } from "../../patients/[patientId]/_components/lab-forms";
import { dashboardAlerts } from "./dashboard-reads";

type AlertRow = Awaited<ReturnType<typeof dashboardAlerts>>["critical"][number];

/** Both panels' height, the skeleton's too: the lists scroll inside it, so their arrival moves nothing. */
export const ALERT_PANEL_HEIGHT = "h-80";

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
      <AlertList title="Critical alerts" testId="critical-alerts" empty="No critical result awaiting review." rows={alerts.critical} canReview={canReview} />
      <AlertList
        title="Abnormal results awaiting review"
        testId="abnormal-results"
        empty="Every abnormal result has been reviewed."
        rows={alerts.abnormal}
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

function AlertList({ title, rows, empty, testId, canReview }: { title: string; rows: AlertRow[]; empty: string; testId: string; canReview: boolean }) {
  return (
    <section className={`card flex flex-col ${ALERT_PANEL_HEIGHT}`} aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-2 min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto" data-testid={testId}>
          {rows.map((r) => (
            <li key={r.id} className="py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`badge ${FLAG_STYLE[r.flag]}`}>{LAB_FLAG_LABELS[r.flag]}</span>
                <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                  {r.patientName}
                </Link>
                <Link
                  href={`/patients/${r.patientId}?labs=all#lab-${r.id}`}
                  className="text-slate-600 underline-offset-2 hover:underline"
                  data-testid="alert-result-link"
                >
                  {r.test}, {formatDate(r.specimenDate)}
                </Link>
              </div>
              {r.reason ? <p className="text-slate-700">{r.reason}</p> : null}
              {/* A positive pregnancy test is reviewed by a documented decision, on the patient's page. */}
              {canReview && r.analyte !== "HCG" ? <AcknowledgeButton labResultId={r.id} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
