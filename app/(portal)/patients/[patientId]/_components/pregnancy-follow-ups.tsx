import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import { LazyDetails } from "@/components/lazy-details";
import { clinicToday } from "@/lib/clinic";
import type { ConfirmedPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { CLOSED_ITEMS_RECENT_DAYS, splitClosedItems } from "@/lib/domain/monitoring/closed-items";
import { formatDate } from "@/lib/format";
import { ITEM_STATUS_LABELS, PREGNANCY_FOLLOW_UP_LABELS } from "@/lib/labels";
import { FollowUpForm, VoidPregnancyRecordForm } from "./pregnancy-forms";
import { LeftAnswerHere } from "@/components/left-answer";

type Confirmed = ConfirmedPregnancyFollowUps;

/**
 * The follow-up of each confirmed pregnancy (lib/domain/pregnancy/follow-ups.ts): what the rule set asks for,
 * its status and the record that completed it; every record, voided ones struck through; and, for a
 * dermatologist, the form for those still to record. Clinical roles only (the pregnancy section's).
 * A follow-up completed more than 30 days ago is listed, with its records, under a summary of its own, a
 * click away, as the monitoring section lists the items closed then (splitClosedItems): a pregnancy followed
 * up last year does not fill the section for good. The open ones and those completed since stay listed.
 */
export function PregnancyFollowUps({
  patientId,
  confirmed,
  canRecord,
  today,
}: {
  patientId: string;
  confirmed: Confirmed[];
  canRecord: boolean;
  today: string;
}) {
  return confirmed.map((c) => {
    const open = c.due.filter((d) => d.record === null).map((d) => d.kind);
    // A follow-up closes on the day its record says it was done; an open one has no such day and stays listed.
    const { recent, older } = splitClosedItems(
      c.due.map((d) => ({ ...d, completedOn: d.record?.doneOn ?? null, waiver: null })),
      today,
      (instant) => clinicToday(new Date(instant)),
    );
    const isOlder = (kind: string) => older.some((d) => d.kind === kind);
    const records = (listOlder: boolean) => c.records.filter((r) => isOlder(r.kind) === listOlder);
    return (
      <div key={c.decisionId} className="space-y-2" data-testid="pregnancy-follow-ups">
        <h3 className="text-sm font-semibold text-slate-700">
          Follow-up of the pregnancy confirmed on {formatDate(c.decidedOn)} (test of {formatDate(c.testDate)}; {c.ruleSetName})
        </h3>
        <FollowUpList due={recent} records={records(false)} patientId={patientId} canRecord={canRecord} recordsTestId="follow-up-records" />
        {canRecord && open.length ? <FollowUpForm patientId={patientId} decisionId={c.decisionId} open={open} today={today} /> : null}
        {older.length ? (
          <LazyDetails
            summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
            summary={`Completed more than ${CLOSED_ITEMS_RECENT_DAYS} days ago (${older.length})`}
            bodyClassName="mt-2 space-y-2"
            testId="follow-ups-older"
          >
            <FollowUpList due={older} records={records(true)} patientId={patientId} canRecord={canRecord} recordsTestId="follow-up-records-older" />
          </LazyDetails>
        ) : null}
      </div>
    );
  });
}

/** Some of a pregnancy's follow-ups, each with its status, then their records, voided ones struck through. */
function FollowUpList({
  due,
  records,
  patientId,
  canRecord,
  recordsTestId,
}: {
  due: Confirmed["due"];
  records: Confirmed["records"];
  patientId: string;
  canRecord: boolean;
  recordsTestId: string;
}) {
  return (
    <>
      {due.length ? (
        <ul className="space-y-1 text-sm">
          {due.map((d) => (
            <li key={d.kind} data-testid="follow-up" data-status={d.status}>
              <span className={`badge mr-2 ${ITEM_STATUS_STYLE[d.status]}`}>{ITEM_STATUS_LABELS[d.status]}</span>
              {PREGNANCY_FOLLOW_UP_LABELS[d.kind]} · {d.record ? `done on ${formatDate(d.record.doneOn)}` : `due ${formatDate(d.dueDate)}`}
            </li>
          ))}
        </ul>
      ) : null}
      {records.length ? (
        <ul className="space-y-1 text-sm" data-testid={recordsTestId}>
          {records.map((r) => {
            const text = `${PREGNANCY_FOLLOW_UP_LABELS[r.kind]}: done on ${formatDate(r.doneOn)}${r.note ? ` · ${r.note}` : ""} · ${r.by}`;
            return r.voided ? (
              <li key={r.id} data-voided="true">
                <del>{text}</del>
                <div className="text-xs text-slate-600" data-testid="voided">
                  Entered in error: {r.voided.reason} ({r.voided.by}, {formatDate(r.voided.on)})
                </div>
                <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={r.id} />
              </li>
            ) : (
              <li key={r.id}>
                {text}
                {canRecord ? <VoidPregnancyRecordForm kind="followUp" patientId={patientId} recordId={r.id} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
