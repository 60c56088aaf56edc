import { can, type Role } from "@/lib/auth/permissions";
import { isActionable, type MonitoringItem } from "@/lib/domain/monitoring/protocol";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { formatDate } from "@/lib/format";
import { ITEM_STATUS_LABELS } from "@/lib/labels";
import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import { ItemForms } from "./lab-forms";

/** The protocol items for this patient with a plain reason each. No lab values: staff see this too. */
export async function MonitoringSection({ patientId, role, today }: { patientId: string; role: Role; today: string }) {
  const items = await getPatientMonitoring(patientId, today);
  const order = { OVERDUE: 0, DUE: 1, DUE_SOON: 2, NOT_DUE: 3, WAIVED: 4, COMPLETED: 5 } as const;
  const sorted = [...items].sort((a, b) => order[a.status] - order[b.status] || a.dueDate.localeCompare(b.dueDate));
  const open = sorted.filter((i) => i.status !== "COMPLETED" && i.status !== "WAIVED");
  const closed = sorted.filter((i) => i.status === "COMPLETED" || i.status === "WAIVED");
  return (
    <section className="space-y-3" aria-labelledby="monitoring-heading">
      <h2 id="monitoring-heading" className="text-xl font-semibold">
        Monitoring
      </h2>
      {sorted.length === 0 ? (
        <p className="card text-slate-600">No monitoring is due: there is no course in progress or recently ended.</p>
      ) : (
        <>
          {open.length === 0 ? (
            <p className="card text-slate-600">Nothing due: every item is completed, waived or not yet due.</p>
          ) : (
            <ItemList items={open} patientId={patientId} role={role} testId="monitoring-items" />
          )}
          {closed.length ? (
            <details className="card">
              <summary className="cursor-pointer text-sm font-semibold text-brand-700">Completed and waived ({closed.length})</summary>
              <div className="mt-2">
                <ItemList items={closed} patientId={patientId} role={role} testId="monitoring-closed" />
              </div>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

function ItemList({ items, patientId, role, testId }: { items: MonitoringItem[]; patientId: string; role: Role; testId: string }) {
  const canOutreach = can(role, "monitoring.outreach");
  return (
    <ul className="space-y-2" data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className="card py-3" data-status={item.status}>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`badge ${ITEM_STATUS_STYLE[item.status]}`}>{ITEM_STATUS_LABELS[item.status]}</span>
            <span className="font-medium">{item.label}</span>
            <span className="text-sm text-slate-600">due {formatDate(item.dueDate)}</span>
            {item.status === "OVERDUE" ? <span className="text-sm text-red-700">{item.daysOverdue} days overdue</span> : null}
          </div>
          <p className="mt-1 text-sm text-slate-700">{item.reason}</p>
          {item.waiver ? (
            <p className="text-xs text-slate-500">
              Waived by {item.waiver.waivedBy} on {formatDate(item.waiver.waivedAt.slice(0, 10))}
            </p>
          ) : null}
          {canOutreach && isActionable(item) ? (
            <ItemForms patientId={patientId} itemKey={item.key} canWaive={can(role, "monitoring.waive") && item.kind !== "PREG_REVIEW"} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
