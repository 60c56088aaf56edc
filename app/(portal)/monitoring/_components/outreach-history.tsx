import type { OutreachEntry } from "@/lib/data/worklist";
import { OUTREACH_OUTCOME_LABELS, REMINDER_CHANNEL_LABELS, REMINDER_STATUS_LABELS } from "@/lib/labels";

const STATUS_STYLE = {
  QUEUED: "bg-slate-100 text-slate-700",
  SENDING: "bg-sky-100 text-sky-900",
  SENT: "bg-green-100 text-green-800",
  FAILED: "bg-red-100 text-red-800",
};

/** An entry with its time already formatted in the clinic's zone (by the server: `formatClinicTime`). */
export type OutreachShown = OutreachEntry & { when: string };

/** A patient's calls, notes and reminders, newest first. */
export function OutreachHistory({ entries }: { entries: OutreachShown[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No outreach yet.</p>;
  return (
    <ol className="space-y-2 text-sm" data-testid="outreach-history">
      {entries.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-200 pl-3">
          <div className="text-xs text-slate-500">
            {e.when} · {e.by}
          </div>
          {e.type === "note" ? (
            <div>
              <div className={e.voidReason ? "line-through" : undefined}>
                <span className="font-medium">{e.outcome ? OUTREACH_OUTCOME_LABELS[e.outcome] : "Note"}</span>
                {e.item ? <span className="text-slate-600"> · {e.item}</span> : null}
                <p className="break-words text-slate-700">{e.note}</p>
              </div>
              {e.voidReason ? <p className="text-xs text-slate-600">Entered in error: {e.voidReason}</p> : null}
            </div>
          ) : (
            <div>
              <span className="font-medium">{REMINDER_CHANNEL_LABELS[e.channel]}</span>{" "}
              <span className={`badge ${STATUS_STYLE[e.status]}`}>{REMINDER_STATUS_LABELS[e.status]}</span>
              {e.failureReason ? <p className="text-red-800">{e.failureReason}</p> : null}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
