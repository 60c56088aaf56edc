"use client";

// A client component given plain rows (README, "Performance"): each notice's sentence is made on the server.
import Link from "@/components/link";
import { useState } from "react";
import { useLeavingAction, useRowFormAction } from "@/components/form";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { AnswerNote } from "@/components/answer-note";
import { acknowledgeRepeatNoticeAction } from "../actions";

type NoticeRow = { id: string; patientId: string; patientName: string; text: string };

/** Named with the patient and described by the notice's sentence: every notice on the dashboard has its own. */
function AcknowledgeNotice(props: { noticeId: string; patientName: string; noticeTextId: string; onAcknowledged: (answer: ActionState) => void }) {
  const { noticeId, patientName, noticeTextId, onAcknowledged } = props;
  const [form, leaving] = useLeavingAction(acknowledgeRepeatNoticeAction, onAcknowledged);
  const [state, action] = useRowFormAction(leaving, IDLE);
  return (
    <form ref={form} action={action} className="mt-1 flex flex-wrap items-center gap-2" noValidate>
      <input type="hidden" name="noticeId" value={noticeId} />
      <button type="submit" className="btn-secondary" aria-label={`Acknowledge the notice for ${patientName}`} aria-describedby={noticeTextId}>
        Acknowledge
      </button>
      {state.status === "error" ? <p className="field-error">{state.message}</p> : null}
    </form>
  );
}

/**
 * Repeat tests a dermatologist asked for that are no longer listed because their result was corrected to a normal
 * value or voided where no dermatologist saw it (the laboratory's interface, an upload, the queue, a nurse by hand),
 * the oldest first, each until a dermatologist acknowledges it. An acknowledged notice leaves the list and the
 * answer stays above it, naming the patient, and takes the focus the notice's form had: after the last one,
 * the answer alone (the dashboard renders this list whether or not notices wait, to keep it).
 */
export function RepeatNotices({ rows, more }: { rows: NoticeRow[]; more: boolean }) {
  const [acknowledged, setAcknowledged] = useState<{ patientName: string; answer: ActionState } | null>(null);
  if (rows.length === 0 && !acknowledged) return null;
  return (
    <section className="card" aria-label="Repeat tests no longer listed">
      <h2 className="text-lg font-semibold">Repeat tests no longer listed</h2>
      {acknowledged ? <AnswerNote answer={acknowledged.answer} about={acknowledged.patientName} testId="repeat-notice-answer" className="mt-1" /> : null}
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No notice is waiting.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="repeat-notices">
          {rows.map((r) => (
            <li key={r.id} className="py-2 text-sm">
              <Link href={`/patients/${r.patientId}#labs`} className="font-medium text-brand-700 hover:underline">
                {r.patientName}
              </Link>
              <p id={`repeat-notice-${r.id}`} className="text-slate-700" data-testid="repeat-notice">
                {r.text}
              </p>
              <AcknowledgeNotice
                noticeId={r.id}
                patientName={r.patientName}
                noticeTextId={`repeat-notice-${r.id}`}
                onAcknowledged={(answer) => setAcknowledged({ patientName: r.patientName, answer })}
              />
            </li>
          ))}
        </ul>
      )}
      {more ? <p className="mt-2 text-sm text-slate-600">More are waiting: they are shown here as these are acknowledged.</p> : null}
    </section>
  );
}
