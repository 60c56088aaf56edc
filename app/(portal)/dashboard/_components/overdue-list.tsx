import Link from "@/components/link";
import type { AuditActor } from "@/lib/data/audit";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { formatCount } from "@/lib/format";
import { dashboardOverdue } from "./dashboard-reads";

/** The panel's height on wide screens, the skeleton's too (ten rows fit; the list scrolls if names wrap). */
export const OVERDUE_PANEL_HEIGHT = "lg:h-[28rem]";

/** The ten most overdue monitoring items, with a way to the whole worklist; the patients shown are recorded. */
export async function OverdueList({ viewer, today }: { viewer: AuditActor; today: string }) {
  const overdue = await dashboardOverdue(viewer.role, today);
  await recordPatientsShown(
    viewer,
    "dashboard",
    overdue.rows.map((r) => r.patientId),
    { part: "overdue" },
  );
  return (
    <section aria-labelledby="overdue-heading" className={`card flex flex-col ${OVERDUE_PANEL_HEIGHT}`}>
      <div className="flex items-center justify-between">
        <h2 id="overdue-heading" className="text-lg font-semibold">
          Overdue monitoring
        </h2>
        <Link href="/monitoring?status=OVERDUE" className="text-sm text-brand-700 hover:underline">
          Open the worklist
        </Link>
      </div>
      {overdue.total === 0 ? (
        <p className="mt-2 text-slate-600">Nothing overdue.</p>
      ) : (
        <ul className="mt-2 min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto" data-testid="overdue-list">
          {overdue.rows.map((r) => (
            <li key={`${r.patientId}-${r.itemKey}`} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
              <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                {r.patientName}
              </Link>
              <span>{r.item}</span>
              <span className="text-red-700">{formatCount(r.daysOverdue, "day")} overdue</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
