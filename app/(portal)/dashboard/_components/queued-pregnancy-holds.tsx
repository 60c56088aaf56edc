import Link from "@/components/link";
import { FLAG_STYLE } from "@/components/badge-styles";
import type { QueuedPregnancyHold } from "@/lib/data/queued-pregnancy-holds";
import { formatCount } from "@/lib/format";

/** Where a waiting result is reviewed (attached to the chart, or dismissed with a reason). */
export const QUEUE_HREF = "/labs/queue";

/**
 * Above the critical results: how many patients' prescribing a laboratory's pregnancy test waiting under Unfiled
 * lab results stops, and each of them, named (a link to the patient), with why and a link to the queue where it is
 * reviewed; when there are more than shown, how many more, with the same link. Nothing when none waits.
 */
export function QueuedPregnancyHolds({ rows, total }: { rows: QueuedPregnancyHold[]; total: number }) {
  if (rows.length === 0) return null;
  const more = total - rows.length;
  return (
    <div className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 pt-2">
      <p className="text-sm font-medium text-red-900" data-testid="queued-pregnancy-holds-count">
        Prescribing stopped by a pregnancy test waiting under Unfiled lab results: {formatCount(total, "patient")}
      </p>
      <ul className="divide-y divide-red-100" data-testid="queued-pregnancy-holds">
        {rows.map((r) => (
          <li key={r.patientId} className="py-2 text-sm" data-testid="queued-pregnancy-hold">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`badge ${FLAG_STYLE.CRITICAL}`}>Prescribing stopped</span>
              <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                {r.patientName}
              </Link>
            </div>
            <p className="text-slate-700">{r.text}</p>
            <Link href={QUEUE_HREF} className="font-medium text-brand-700 hover:underline" data-testid="queued-pregnancy-hold-queue">
              Review it under Unfiled lab results →
            </Link>
          </li>
        ))}
        {more > 0 ? (
          <li className="py-2 text-sm">
            <Link href={QUEUE_HREF} className="font-medium text-brand-700 hover:underline">
              {formatCount(more, "more patient", "more patients")} stopped the same way →
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
