import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import type { ConfirmedPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { formatDate } from "@/lib/format";
import { ITEM_STATUS_LABELS, PREGNANCY_FOLLOW_UP_LABELS } from "@/lib/labels";
import { FollowUpForm, VoidPregnancyRecordForm } from "./pregnancy-forms";
import { LeftAnswerHere } from "@/components/left-answer";

/**
 * The follow-up of each confirmed pregnancy (lib/domain/pregnancy/follow-ups.ts): what the rule set asks for,
 * its status and the record that completed it; every record, voided ones struck through; and, for a
 * dermatologist, the form for those still to record. Clinical roles only (the pregnancy section's).
 */
export function PregnancyFollowUps({
  patientId,
  confirmed,
  canRecord,
  today,
}: {
  patientId: string;
  confirmed: ConfirmedPregnancyFollowUps[];
  canRecord: boolean;
  today: string;
}) {
  return confirmed.map((c) => {
    const open = c.due.filter((d) => d.record === null).map((d) => d.kind);
    return (
      <div key={c.decisionId} className="space-y-2" data-testid="pregnancy-follow-ups">
        <h3 className="text-sm font-semibold text-slate-700">
          Follow-up of the pregnancy confirmed on {formatDate(c.decidedOn)} (test of {formatDate(c.testDate)}; {c.ruleSetName})
        </h3>
        <ul className="space-y-1 text-sm">
          {c.due.map((d) => (
            <li key={d.kind} data-testid="follow-up" data-status={d.status}>
              <span className={`badge mr-2 ${ITEM_STATUS_STYLE[d.status]}`}>{ITEM_STATUS_LABELS[d.status]}</span>
              {PREGNANCY_FOLLOW_UP_LABELS[d.kind]} · {d.record ? `done on ${formatDate(d.record.doneOn)}` : `due ${formatDate(d.dueDate)}`}
            </li>
          ))}
        </ul>
        {c.records.length ? (
          <ul className="space-y-1 text-sm" data-testid="follow-up-records">
            {c.records.map((r) => {
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
        {canRecord && open.length ? <FollowUpForm patientId={patientId} decisionId={c.decisionId} open={open} today={today} /> : null}
      </div>
    );
  });
}
