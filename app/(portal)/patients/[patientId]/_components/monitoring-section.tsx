import { can, type Role } from "@/lib/auth/permissions";
import { LazyDetails } from "@/components/lazy-details";
import { isDermatologistOnly } from "@/lib/domain/monitoring/items";
import { isActionable } from "@/lib/domain/monitoring/protocol";
import { CLOSED_ITEMS_RECENT_DAYS, splitClosedItems } from "@/lib/domain/monitoring/closed-items";
import { getPatientMonitoring, type ViewedItem } from "@/lib/data/monitoring";
import { clinicToday } from "@/lib/clinic";
import { formatCount, formatDate } from "@/lib/format";
import { ITEM_STATUS_LABELS } from "@/lib/labels";
import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import { WaiveItemForm } from "./lab-forms";
import { VoidMonitoringEntryForm } from "./void-entry-form";
import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";
import { getLatestOutreachNotes } from "@/lib/data/outreach-notes";
import { outreachChoices } from "@/lib/data/outreach-calls";
import { OutreachForm } from "../../../monitoring/_components/outreach-form";
import { OutreachHistory } from "../../../monitoring/_components/outreach-history";
import { getOutreachHistory } from "@/lib/data/worklist";
import { formatClinicTime } from "@/lib/clinic-time";

/**
 * The protocol items for this patient with a plain reason each, as getPatientMonitoring shapes them for the
 * viewer (no lab value; a waiver's free text for clinical roles only). The role chooses the forms only. Items
 * completed or waived in the last 30 days are listed under "Completed and waived", older ones under a summary of
 * their own (splitClosedItems): a repeat test done years ago is not listed with last week's. One
 * outreach form covers the open items of one call, as on the worklist: those the viewer's role gets, all ticked.
 * Below them, every call and reminder of the patient, newest first, as the worklist's history reads it for the
 * role (getOutreachHistory), listed or not: a patient no longer monitored keeps the record of who reached them.
 */
export async function MonitoringSection({
  patientId,
  viewer,
  today,
  doNotCall,
}: {
  patientId: string;
  viewer: { role: Role };
  today: string;
  /** The patient asked not to be called by phone: the outreach form says so, as on the worklist. */
  doNotCall: boolean;
}) {
  const role = viewer.role;
  const [items, notes, outreach] = await Promise.all([
    getPatientMonitoring(viewer, patientId, today),
    getLatestOutreachNotes(viewer, patientId),
    getOutreachHistory(viewer, [patientId]),
  ]);
  const history = (outreach.get(patientId) ?? []).map((e) => ({ ...e, when: formatClinicTime(new Date(e.at)) }));
  const order = { OVERDUE: 0, DUE: 1, DUE_SOON: 2, NOT_DUE: 3, WAIVED: 4, COMPLETED: 5 } as const;
  const sorted = [...items].sort((a, b) => order[a.status] - order[b.status] || a.dueDate.localeCompare(b.dueDate));
  const open = sorted.filter((i) => i.status !== "COMPLETED" && i.status !== "WAIVED");
  // Completed and waived items of the last 30 days, and the older ones behind their own summary.
  const closed = splitClosedItems(
    sorted.filter((i) => i.status === "COMPLETED" || i.status === "WAIVED"),
    today,
    (instant) => clinicToday(new Date(instant)),
  );
  const choices = can(role, "monitoring.outreach") ? outreachChoices(open) : [];
  return (
    <section className="space-y-3" aria-labelledby="monitoring-heading">
      <h2 id="monitoring-heading" className="text-xl font-semibold">
        Monitoring
      </h2>
      {/* A void's answer stays under its item, even as the item moves from the waived to the open ones. */}
      <LeftAnswers>
        {sorted.length === 0 ? (
          <p className="card text-slate-600">
            Nothing is listed: monitoring is listed while a course is in progress and not paused, and for a while after it ends.
          </p>
        ) : (
          <>
            {open.length === 0 ? (
              <p className="card text-slate-600">Nothing due: every item is completed, waived or not yet due.</p>
            ) : (
              <ItemList items={open} notes={notes} patientId={patientId} role={role} testId="monitoring-items" />
            )}
            {choices.length ? (
              <LazyDetails
                formOnly
                className="card"
                summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
                summary="Log outreach"
                testId="patient-outreach"
              >
                <div className="mt-2">
                  <OutreachForm patientId={patientId} items={choices} doNotCall={doNotCall} />
                </div>
              </LazyDetails>
            ) : null}
            {(
              [
                [closed.recent, "Completed and waived", "monitoring-closed"],
                [closed.older, `Completed or waived more than ${CLOSED_ITEMS_RECENT_DAYS} days ago`, "monitoring-closed-older"],
              ] as const
            ).map(([items, title, testId]) =>
              items.length ? (
                <LazyDetails
                  key={testId}
                  className="card"
                  summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
                  summary={`${title} (${items.length})`}
                  bodyClassName="mt-2"
                >
                  <ItemList items={items} notes={notes} patientId={patientId} role={role} testId={testId} />
                </LazyDetails>
              ) : null,
            )}
          </>
        )}
      </LeftAnswers>
      <LazyDetails
        className="card"
        summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
        summary={`Outreach history (${history.length})`}
        bodyClassName="mt-2"
        testId="patient-outreach-history"
      >
        <OutreachHistory entries={history} />
      </LazyDetails>
    </section>
  );
}

type LatestNotes = Awaited<ReturnType<typeof getLatestOutreachNotes>>;

function ItemList({ items, notes, patientId, role, testId }: { items: ViewedItem[]; notes: LatestNotes; patientId: string; role: Role; testId: string }) {
  const canOutreach = can(role, "monitoring.outreach");
  return (
    <ul className="space-y-2" data-testid={testId}>
      {items.map((item) => (
        <li key={item.key} className="card py-3" data-status={item.status}>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`badge ${ITEM_STATUS_STYLE[item.status]}`}>{ITEM_STATUS_LABELS[item.status]}</span>
            <span className="font-medium">{item.label}</span>
            <span className="text-sm text-slate-600">due {formatDate(item.dueDate)}</span>
            {item.status === "OVERDUE" ? <span className="text-sm text-red-700">{formatCount(item.daysOverdue, "day")} overdue</span> : null}
          </div>
          <p className="mt-1 text-sm text-slate-700">{item.reason}</p>
          {item.waiver ? (
            <p className="text-xs text-slate-500">
              Waived by {item.waiver.waivedBy} on {formatDate(clinicToday(new Date(item.waiver.waivedAt)))}
            </p>
          ) : null}
          {notes.get(item.key) ? (
            <div className="text-xs text-slate-600" data-testid="latest-outreach">
              Last outreach: {notes.get(item.key)!.note} ({notes.get(item.key)!.by}, {formatDate(clinicToday(notes.get(item.key)!.at))})
              {canOutreach ? <VoidMonitoringEntryForm kind="note" id={notes.get(item.key)!.id} itemKey={item.key} /> : null}
            </div>
          ) : null}
          {item.waiver?.id && can(role, "monitoring.waive") ? <VoidMonitoringEntryForm kind="waiver" id={item.waiver.id} itemKey={item.key} /> : null}
          {can(role, "monitoring.waive") && !isDermatologistOnly(item.kind) && isActionable(item) ? (
            <LazyDetails formOnly className="mt-2" summary="Waive" testId="item-waiver">
              <WaiveItemForm patientId={patientId} itemKey={item.key} />
            </LazyDetails>
          ) : null}
          <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={item.key} />
        </li>
      ))}
    </ul>
  );
}
