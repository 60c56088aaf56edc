import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/session";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { formatDate } from "@/lib/format";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/labels";
import { QueueEntryForms } from "./queue-forms";

export const metadata: Metadata = { title: "Lab results to review" };

const observationText = (o: { codeText: string; code: string; value: string; valueText: string; unit: string | null; range: string | null }) =>
  `${o.codeText || o.code}: ${[o.value, o.valueText].filter(Boolean).join(" ")}${o.unit ? ` ${o.unit}` : ""}${o.range ? ` (lab range ${o.range})` : ""}`;

/**
 * Imported results that were not attached: no patient, more than one, a date of birth that differs, or a
 * value the portal could not take. A nurse or dermatologist attaches each to the patient they have
 * checked, or dismisses it with a reason.
 */
export default async function LabQueuePage() {
  const user = await requirePagePermission("labs.write");
  const { rows, total } = await listHl7Queue(user);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Lab results to review</h1>
        <Link href="/labs/import" className="text-sm underline">
          Import lab results
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        These results came from a laboratory but were not attached to a patient. Check the patient the message names, then attach the result by the
        patient&apos;s MRN and date of birth, or dismiss it with a reason. Attached results are flagged and counted like any other.
      </p>
      {rows.length === 0 ? (
        <p className="card text-slate-600">No results are waiting for review.</p>
      ) : (
        <ul className="space-y-3" data-testid="lab-queue">
          {rows.map((r) => (
            <li key={r.id} className="card text-sm" data-testid="lab-queue-entry">
              <p className="font-semibold">{observationText(r.observation)}</p>
              <p>
                <span className="badge bg-amber-100 text-amber-900">{HL7_QUEUE_REASON_LABELS[r.reason]}</span> {r.detail}
              </p>
              <p className="text-slate-600">
                The message names: {r.patientName || "no name"}, MRN <span className="font-mono">{r.mrn}</span>, born {formatDate(r.birthDate)}. Specimen{" "}
                {formatDate(r.observation.specimenDate)}; message {r.message.controlId} from {r.message.sendingFacility || "the laboratory"}.
              </p>
              <QueueEntryForms entryId={r.id} />
            </li>
          ))}
        </ul>
      )}
      {total > rows.length ? (
        <p className="text-sm text-slate-600">
          The oldest {rows.length} of {total} are shown.
        </p>
      ) : null}
    </div>
  );
}
