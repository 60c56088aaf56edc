import type { Metadata } from "next";
import Link from "@/components/link";
import { FLAG_STYLE } from "@/components/badge-styles";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { attachedTogetherKey, listHl7Queue } from "@/lib/data/hl7-queue";
import { criticalValueText } from "@/lib/data/hl7-queue-critical";
import { formatCount, formatDate } from "@/lib/format";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/admin-labels";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import { AttachTogetherForm, QueueEntryForms, type UnitToChoose } from "./queue-forms";

export const metadata: Metadata = { title: "Unfiled lab results" };

const observationText = (o: { codeText: string; code: string; value: string; valueText: string; unit: string | null; range: string | null }) =>
  `${o.codeText || o.code}: ${[o.value, o.valueText].filter(Boolean).join(" ")}${o.unit ? ` ${o.unit}` : ""}${o.range ? ` (lab range ${o.range})` : ""}`;

/**
 * A result that matched no single patient: the badge says why, and (in place of the importer's detail, which
 * says the same again) what to check before attaching it.
 */
const MATCH_HINTS: Partial<Record<Hl7QueueReason, string>> = {
  UNMATCHED: "Check the name and date of birth below: the patient may be registered under another MRN, or not yet registered.",
  AMBIGUOUS: "Find the right patient by the name and date of birth below.",
  DOB_MISMATCH: "Compare the date of birth below with the chart of the patient with this MRN before attaching.",
};

type QueueRow = Awaited<ReturnType<typeof listHl7Queue>>["rows"][number];

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
  rows.flatMap((r) => (r.unitChoices ? [{ entryId: r.id, test: r.observation.codeText || r.observation.code, choices: r.unitChoices }] : []));

/**
 * The waiting results by the patient their message names (one message may name several), in the list's
 * order (critical first, then oldest): a message's results for one patient are attached together.
 */
function groupByPatientOfMessage(rows: QueueRow[]): QueueRow[][] {
  const groups = new Map<string, QueueRow[]>();
  for (const r of rows) {
    const key = attachedTogetherKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/**
 * Imported results that were not recorded: no patient, more than one, a date of birth that differs, a
 * value the portal could not take, or a status that is not final (a correction that matches no single
 * result, a retracted, preliminary or otherwise not final result). A nurse or dermatologist attaches
 * each to the patient they have checked (a message's results for one patient together), or dismisses it
 * with a reason. A pregnancy test that is not a plain final negative is critical, listed first, and dismissed
 * only by a dermatologist; a value at a critical level of the clinic's thresholds (or, sent without its unit,
 * at one in a unit it could be in) is listed first too, saying which value and level.
 */
export default async function LabQueuePage() {
  const user = await requirePagePermission("labs.write");
  const { rows, total } = await listHl7Queue(user);
  const decides = can(user.role, "pregnancy.decide");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Unfiled lab results</h1>
        <Link href="/labs/import" className="text-sm underline">
          Import lab results
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        Results the laboratory sent that were not added to a chart: the patient could not be matched, the value could not be taken, or the result is a
        correction, a retraction or not final. Check the patient the result names, then attach it by the patient&apos;s MRN and date of birth, or dismiss it
        with a reason. An attached result is flagged and counted like any other; a retraction voids the result on the chart. A pregnancy test other than a final
        negative is critical: only a dermatologist can dismiss it. A value at a critical level of the clinic&apos;s thresholds is listed first too, and one sent
        without its unit that would be critical in a unit it could be in is marked &ldquo;may be critical&rdquo;. A pregnancy test the laboratory sent without a
        collection date is attached with that date, and a number sent without its unit with that unit, each taken from the laboratory&apos;s report.
      </p>
      <p className="text-sm font-medium text-slate-700" data-testid="lab-queue-count">
        {total === 0 ? "Nothing waiting" : `${formatCount(total, "result")} waiting`}
      </p>
      {rows.length === 0 ? (
        <p className="card text-slate-600">No results are waiting for review.</p>
      ) : (
        <ul className="space-y-3" data-testid="lab-queue">
          {groupByPatientOfMessage(rows).map((group) => {
            const [first] = group;
            const attachable = group.filter((r) => r.attachable);
            const together = attachable.length > 1;
            const critical = group.some((r) => r.critical);
            return (
              <li
                key={first!.id}
                className={`card space-y-3 text-sm ${critical ? "border-red-300 bg-red-50" : ""}`}
                data-testid={together ? "lab-queue-message" : "lab-queue-entry"}
                data-critical={critical}
              >
                <p className="text-slate-600">
                  The message names: {first!.patientName || "no name"}, MRN <span className="font-mono">{first!.mrn}</span>, born {formatDate(first!.birthDate)}
                  . Message {first!.message.controlId} from {first!.message.sendingFacility || "the laboratory"}
                  {together ? `, ${formatCount(group.length, "result")} waiting` : ""}.
                </p>
                {together ? (
                  <AttachTogetherForm
                    entryIds={attachable.map((r) => r.id)}
                    groupKey={first!.id}
                    count={attachable.length}
                    collectionDate={attachable.some((r) => r.needsCollectionDate)}
                    units={unitsToChoose(attachable)}
                  />
                ) : null}
                <ul className={together ? "divide-y divide-slate-200 border-t border-slate-200" : ""}>
                  {group.map((r) => (
                    <li
                      key={r.id}
                      className={together ? "space-y-1 py-3" : "space-y-1"}
                      data-testid={together ? "lab-queue-entry" : undefined}
                      data-critical={r.critical}
                    >
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
                      <QueueEntryForms
                        entryId={r.id}
                        attach={!together ? "open" : r.attachable ? "alone" : "none"}
                        canDismiss={decides || !r.dermatologistOnly}
                        collectionDate={r.needsCollectionDate}
                        units={r.attachable ? unitsToChoose([r]) : []}
                      />
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
      {total > rows.length ? (
        <p className="text-sm text-slate-600">
          {rows.length} of {total} are shown: the critical ones first, then the oldest.
        </p>
      ) : null}
    </div>
  );
}
