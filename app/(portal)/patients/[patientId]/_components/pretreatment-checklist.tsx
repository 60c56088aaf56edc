import type { PretreatmentChecklist as Checklist } from "@/lib/domain/pregnancy/pretreatment";
import { EARLIEST_HORIZON_DAYS } from "@/lib/domain/pregnancy/pretreatment-earliest";
import { formatDate } from "@/lib/format";

/**
 * "Before the first prescription": what the prescribing check asks of a first prescription today, line by
 * line (lib/domain/pregnancy/pretreatment.ts), for a patient who can become pregnant with no course in
 * progress. Clinical roles only (the pregnancy section's); it writes nothing.
 */
export function PretreatmentChecklist({ checklist: c }: { checklist: Checklist }) {
  return (
    <div data-testid="pretreatment-checklist" data-ready={c.ready}>
      <h3 className="text-sm font-semibold text-slate-700">Before the first prescription{c.newCourse ? " of a new course" : ""}</h3>
      <p className="text-xs text-slate-600">
        As the prescribing check asks today, under {c.ruleSetName}
        {c.newCourse ? ": a new course needs the tests and the contraception lead again" : ""}.
      </p>
      <ul className="mt-1 space-y-2 text-sm">
        {c.lines.map((l) => (
          <li key={l.key} className="flex gap-2" data-testid="checklist-line" data-line={l.key} data-done={l.done}>
            <span aria-hidden="true" className={`badge h-fit ${l.done ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}>
              {l.done ? "✓" : "✗"}
            </span>
            <div>
              <span className="sr-only">{l.done ? "Done: " : "Not done: "}</span>
              <span className="font-medium">{l.label}</span>
              <div className="text-slate-700" data-testid="checklist-detail">
                {l.detail}
              </div>
              {l.reasons.length ? (
                <ul className="list-disc pl-5 text-xs text-slate-600">
                  {l.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm font-medium" data-testid="checklist-earliest">
        {c.ready
          ? "Everything is done: a first prescription could be written today."
          : c.waitsForReview
            ? "No first prescription can be written until a dermatologist has reviewed the result."
            : c.earliest
              ? `Earliest first prescription: ${formatDate(c.earliest)}, if everything else is done by then.`
              : `No first prescription can be written in the next ${EARLIEST_HORIZON_DAYS} days as things stand.`}
      </p>
    </div>
  );
}
