"use client";

import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";
import type { getPatientTreatment } from "@/lib/data/treatment";
import { formatDate, formatKg } from "@/lib/format";
import { CorrectionForm } from "./correction-form";

type WeightEntry = Awaited<ReturnType<typeof getPatientTreatment>>["weightHistory"][number];

/**
 * A patient's weights, newest first: those entered in error or replaced struck through with the reason, and
 * for those allowed, each current one's correction form. The form leaves with its entry once it is voided or
 * corrected: the answer to the last correction made here stays under the entry struck through, and takes the
 * focus the form dropped, whether it was sent with its button or with Enter.
 */
export function WeightHistory({ weights, canCorrect }: { weights: WeightEntry[]; canCorrect: boolean }) {
  return (
    <LeftAnswers>
      <ul className="mt-2 divide-y divide-slate-100" data-testid="weights">
        {weights.map((w) => (
          <li key={w.id} className="py-2 text-sm">
            {w.voided ? (
              <>
                <del>
                  {formatKg(w.grams)} on {formatDate(w.date)}
                </del>
                <span className="ml-2 text-xs text-slate-600">
                  {w.voided.replaced ? "Replaced" : "Entered in error"}: {w.voided.reason} ({w.voided.by}, {formatDate(w.voided.on)})
                </span>
              </>
            ) : (
              `${formatKg(w.grams)} on ${formatDate(w.date)}`
            )}
            {w.corrects ? <span className="ml-2 text-xs text-slate-600">Corrects {formatDate(w.corrects)} entry</span> : null}
            {canCorrect && !w.voided ? <CorrectionForm kind="weight" entryId={w.id} /> : null}
            <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={w.id} />
          </li>
        ))}
      </ul>
    </LeftAnswers>
  );
}
