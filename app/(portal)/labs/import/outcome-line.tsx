import Link from "@/components/link";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/admin-labels";
import { repeatsAfterCorrectionText } from "@/lib/domain/monitoring/repeat";
import { formatCount } from "@/lib/format";
import type { Hl7Outcome, Hl7Urgent } from "@/lib/validation/action-result";

const WAITING = new Set<Hl7Urgent["kind"]>(["PREGNANCY_WAITING", "CRITICAL_WAITING"]);

/** "1", "1 and 3", "1, 3 and 4". */
const listed = (items: number[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/**
 * One line at the top of the answer when any message needs the clinic today, so that none is missed in a long
 * file: how many critical values and pregnancy tests, in which messages, and how many wait to be filed.
 */
export function UrgentSummary({ outcomes }: { outcomes: Hl7Outcome[] }) {
  const urgent = outcomes.flatMap((o) => o.urgent.map((u) => ({ kind: u.kind, index: o.index })));
  if (urgent.length === 0) return null;
  const critical = urgent.filter((u) => u.kind === "CRITICAL_ATTACHED" || u.kind === "CRITICAL_WAITING").length;
  const pregnancy = urgent.length - critical;
  const waiting = urgent.filter((u) => WAITING.has(u.kind)).length;
  const what = [...(critical ? [formatCount(critical, "critical value")] : []), ...(pregnancy ? [formatCount(pregnancy, "pregnancy test")] : [])].join(" and ");
  const messages = [...new Set(urgent.map((u) => u.index))];
  const filed = waiting ? `; ${waiting} of them ${waiting === 1 ? "waits" : "wait"} under Unfiled lab results, to be filed today` : "";
  return (
    <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-semibold text-red-900" data-testid="hl7-urgent-summary">
      Needs attention today: {what} in message{messages.length === 1 ? "" : "s"} {listed(messages)}, marked below{filed}.
    </p>
  );
}

/** A result that needs the clinic today, first in its message's item: whose, what it is, and what to do. */
function UrgentLine({ u }: { u: Hl7Urgent }) {
  const waiting = WAITING.has(u.kind);
  const who = u.patient ? (
    <Link href={`/patients/${u.patient.id}${waiting ? "" : "#labs"}`} className="underline">
      {u.patient.name} (MRN {u.patient.mrn})
    </Link>
  ) : u.mrn ? (
    <span>MRN {u.mrn}</span>
  ) : null;
  return (
    <p className="rounded-md border-l-4 border-red-600 bg-red-50 px-2 py-1 font-semibold text-red-900" data-testid="hl7-outcome-urgent" data-kind={u.kind}>
      {who ? <>{who}: </> : null}
      {u.text}
      {waiting ? (
        <>
          {" "}
          <Link href="/labs/queue" className="underline">
            Open Unfiled lab results
          </Link>
        </>
      ) : null}
    </p>
  );
}

export function OutcomeLine({ o }: { o: Hl7Outcome }) {
  const reasons = o.queueReasons.map((r) => HL7_QUEUE_REASON_LABELS[r as keyof typeof HL7_QUEUE_REASON_LABELS] ?? r).join("; ");
  return (
    <li className="space-y-1 py-2 text-sm" data-testid="hl7-outcome" data-status={o.status}>
      {o.urgent.map((u, i) => (
        <UrgentLine key={`${i}:${u.kind}`} u={u} />
      ))}
      <p>
        <span className="font-medium">
          Message {o.index}
          {o.controlId ? <span className="font-mono text-xs text-slate-600"> ({o.controlId})</span> : null}:
        </span>{" "}
        {o.status === "REJECTED" ? (
          <span className="text-red-700">Refused, nothing imported. {o.error}</span>
        ) : o.status === "ALREADY_IMPORTED" ? (
          <span>Already imported: nothing changed.</span>
        ) : (
          <span>
            {o.attached === 0 ? "Read; no result added to a chart. " : "Added: "}
            {o.patients.map((p) => (
              <span key={p.id}>
                {p.attached} result{p.attached === 1 ? "" : "s"} for{" "}
                <Link href={`/patients/${p.id}#labs`} className="text-brand-700 underline">
                  {p.name ? `${p.name} (MRN ${p.mrn})` : "the patient"}
                </Link>
                .{" "}
              </span>
            ))}
            {o.corrected > 0 ? (
              <span>
                {o.corrected} of them replaced {o.corrected === 1 ? "a result" : "results"} the laboratory corrected; the corrected{" "}
                {o.corrected === 1 ? "one is" : "ones are"} voided.{" "}
              </span>
            ) : null}
            {repeatsAfterCorrectionText(o.repeats).map((text, i) => (
              <span key={`${i}:${text}`} data-testid="hl7-outcome-repeat">
                {text}{" "}
              </span>
            ))}
            {o.queued > 0 ? (
              <span>
                {o.queued} result{o.queued === 1 ? "" : "s"} {o.queued === 1 ? "waits" : "wait"} for review ({reasons}):{" "}
                <Link href="/labs/queue" className="text-brand-700 underline">
                  Unfiled lab results
                </Link>
                .
              </span>
            ) : null}
          </span>
        )}
      </p>
    </li>
  );
}
