import Link from "@/components/link";
import { FLAG_STYLE } from "@/components/badge-styles";
import type { listHl7Queue } from "@/lib/data/hl7-queue";
import { criticalValueText } from "@/lib/data/hl7-queue-critical";
import { formatCount, formatDate } from "@/lib/format";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/admin-labels";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import { resultStatus, type ResultStatus } from "@/lib/hl7/interpret";
import { FiledList } from "@/components/filed-list";
import { AttachTogetherForm, QueueEntryForms, type UnitToChoose } from "./queue-forms";

export type QueueRow = Awaited<ReturnType<typeof listHl7Queue>>["rows"][number];

const testOf = (o: { codeText: string; code: string }) => o.codeText || o.code;

const observationText = (o: { codeText: string; code: string; value: string; valueText: string; unit: string | null; range: string | null }) =>
  `${testOf(o)}: ${[o.value, o.valueText].filter(Boolean).join(" ")}${o.unit ? ` ${o.unit}` : ""}${o.range ? ` (lab range ${o.range})` : ""}`;

/** The patient as the message names them, for the names of its controls: " (Jane Doe)", or nothing when it names none. */
const namedAs = (r: QueueRow) => (r.patientName ? ` (${r.patientName})` : "");

/**
 * A result as its controls name it, for a screen reader to tell them from those of the results around it: what
 * the entry shows, its test and date and the patient its message names ("Triglyceride, specimen 3 Jan 2027 (Jane Doe)").
 */
const entryName = (r: QueueRow) =>
  `${testOf(r.observation)}, ${r.needsCollectionDate ? "sent" : "specimen"} ${formatDate(r.observation.specimenDate)}${namedAs(r)}`;

/**
 * A result that matched no single patient: the badge says why, and (in place of the importer's detail, which
 * says the same again) what to check before attaching it.
 */
const MATCH_HINTS: Partial<Record<Hl7QueueReason, string>> = {
  UNMATCHED: "Check the name and date of birth below: the patient may be registered under another MRN, or not yet registered.",
  AMBIGUOUS: "Find the right patient by the name and date of birth below.",
  DOB_MISMATCH: "Compare the date of birth below with the chart of the patient with this MRN before attaching.",
};

/**
 * Why a result the laboratory did not send as final has no attach form, and what can be done instead (attaching
 * it is refused: lib/data/hl7-queue-attach.ts).
 */
const NOT_ATTACHABLE: Record<Exclude<ResultStatus, "FINAL" | "CORRECTED">, string> = {
  PRELIMINARY:
    "A preliminary result cannot be attached: the laboratory sends the final result in a message of its own, filed when it comes. Wait for it, or dismiss this entry with a reason.",
  NOT_FINAL: "A result that is not final cannot be attached: wait for the laboratory's final result, or dismiss this entry with a reason.",
  RETRACTED: "A retracted result cannot be attached: void the result it names on the patient's chart, with a reason, then dismiss this entry.",
};

/** Why an entry is listed first: a pregnancy test for a dermatologist, or which value is (or may be) critical. */
function CriticalLabel({ row }: { row: QueueRow }) {
  if (row.dermatologistOnly) return <span className={`badge ${FLAG_STYLE.CRITICAL}`}>Critical: pregnancy test</span>;
  if (!row.criticalValue) return null;
  const { badge, detail } = criticalValueText(row.criticalValue);
  return (
    <>
      <span className={`badge ${FLAG_STYLE.CRITICAL}`}>{badge}</span>
      <span className="block font-normal text-red-900" data-testid="critical-value">
        {detail}
      </span>
    </>
  );
}

/** The units to choose for those of these results the laboratory sent as a number without one. */
const unitsToChoose = (rows: QueueRow[]): UnitToChoose[] =>
  rows.flatMap((r) => (r.unitChoices ? [{ entryId: r.id, test: testOf(r.observation), choices: r.unitChoices }] : []));

/** One waiting result: what the laboratory sent, why it waits, and its forms. */
function QueueEntry({ r, together, decides }: { r: QueueRow; together: boolean; decides: boolean }) {
  const status = resultStatus(r.observation.status ?? "");
  return (
    <li className={together ? "space-y-1 py-3" : "space-y-1"} data-testid={together ? "lab-queue-entry" : undefined} data-critical={r.critical}>
      <p className="font-semibold">
        <CriticalLabel row={r} /> {observationText(r.observation)}
        <span className="font-normal text-slate-600">
          {/* The message's own date is not the collection date: never shown as the specimen's. */}
          {r.needsCollectionDate
            ? ` · no collection date (sent ${formatDate(r.observation.specimenDate)})`
            : ` · specimen ${formatDate(r.observation.specimenDate)}`}
        </span>
      </p>
      <p>
        <span className="badge bg-amber-100 text-amber-900">{HL7_QUEUE_REASON_LABELS[r.reason]}</span> {MATCH_HINTS[r.reason] ?? r.detail}
        {r.patientId ? (
          <>
            {" "}
            <Link href={`/patients/${r.patientId}#labs`} className="text-brand-700 underline">
              The patient&apos;s lab results
            </Link>
            .
          </>
        ) : null}
      </p>
      {status === "FINAL" || status === "CORRECTED" ? null : (
        <p className="text-slate-700" data-testid="not-attachable">
          {NOT_ATTACHABLE[status]}
        </p>
      )}
      <QueueEntryForms
        entryId={r.id}
        about={entryName(r)}
        attach={!r.attachable ? "none" : together ? "alone" : "open"}
        canDismiss={decides || !r.dermatologistOnly}
        collectionDate={r.needsCollectionDate}
        units={r.attachable ? unitsToChoose([r]) : []}
      />
    </li>
  );
}

/**
 * A message's waiting results for one patient it names: attached together when more than one can be, each
 * attached alone or dismissed. A result filed leaves the message's list, its answer in its place (FiledList).
 */
export function MessageGroup({ group, decides }: { group: QueueRow[]; decides: boolean }) {
  const [first] = group as [QueueRow, ...QueueRow[]];
  const attachable = group.filter((r) => r.attachable);
  const together = attachable.length > 1;
  const critical = group.some((r) => r.critical);
  return (
    <li
      className={`card space-y-3 text-sm ${critical ? "border-red-300 bg-red-50" : ""}`}
      data-testid={together ? "lab-queue-message" : "lab-queue-entry"}
      data-critical={critical}
    >
      <p className="text-slate-600">
        The message names: {first.patientName || "no name"}, MRN <span className="font-mono">{first.mrn}</span>, born {formatDate(first.birthDate)}. Message{" "}
        {first.message.controlId} from {first.message.sendingFacility || "the laboratory"}
        {together ? `, ${formatCount(group.length, "result")} waiting` : ""}.
      </p>
      {together ? (
        <AttachTogetherForm
          entryIds={attachable.map((r) => r.id)}
          groupKey={first.id}
          about={`the ${attachable.length} results of message ${first.message.controlId}${namedAs(first)}`}
          count={attachable.length}
          collectionDate={attachable.some((r) => r.needsCollectionDate)}
          units={unitsToChoose(attachable)}
        />
      ) : null}
      <FiledList
        className={together ? "divide-y divide-slate-200 border-t border-slate-200" : ""}
        answerClassName={together ? "py-3" : undefined}
        items={group.map((r) => ({ key: r.id, ids: [r.id], node: <QueueEntry r={r} together={together} decides={decides} /> }))}
      />
    </li>
  );
}
