import type { OutreachCall } from "@/lib/data/outreach-calls";
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

/**
 * One call, once: how it went, what was said, and the items it covered. Each item's note is voided on its own
 * (entered in error): that item is struck through with the reason, and the whole call once all of them are.
 */
function OutreachCallShown({ call }: { call: OutreachCall }) {
  const voided = call.items.filter((i) => i.voidReason !== null);
  return (
    <div data-testid="outreach-call">
      <div className={call.voided ? "line-through" : undefined}>
        <span className="font-medium">{call.outcome ? OUTREACH_OUTCOME_LABELS[call.outcome] : "Note"}</span>
        <span className="text-slate-600">
          {" · "}
          {call.items.map((i, n) => (
            <span key={i.noteId}>
              {n > 0 ? ", " : null}
              <span className={i.voidReason !== null && !call.voided ? "line-through" : undefined}>{i.item ?? "an item no longer listed"}</span>
            </span>
          ))}
        </span>
        <p className="break-words text-slate-700">{call.note}</p>
      </div>
      {voided.map((i) => (
        <p key={i.noteId} className="text-xs text-slate-600">
          Entered in error{call.items.length > 1 && i.item ? ` (${i.item})` : ""}: {i.voidReason}
        </p>
      ))}
    </div>
  );
}

/** A patient's calls and reminders, newest first. */
export function OutreachHistory({ entries }: { entries: OutreachShown[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No outreach yet.</p>;
  return (
    <ol className="space-y-2 text-sm" data-testid="outreach-history">
      {entries.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-200 pl-3">
          <div className="text-xs text-slate-500">
            {e.when} · {e.by}
          </div>
          {e.type === "call" ? (
            <OutreachCallShown call={e} />
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
