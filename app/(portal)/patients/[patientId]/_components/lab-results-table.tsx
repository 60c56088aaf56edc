"use client";

// A client component: the page sends the results as data and the server renders their markup once
// (README, "Performance"). Dates of instants arrive formatted by the server, in the clinic's time zone.
import Link from "@/components/link";
import { Fragment, useState, useSyncExternalStore } from "react";
import { FLAG_STYLE } from "@/components/badge-styles";
import { TableHead } from "@/components/table-head";
import { formatDate } from "@/lib/format";
import { LAB_FLAG_LABELS, REVIEW_ACTION_LABELS, TEST_SETTING_NOTES } from "@/lib/labels";
import { CorrectionForm } from "./correction-form";
import type { ActionState } from "@/lib/validation/action-result";
import { AcknowledgeButton } from "./lab-forms";
import { LeftAnswerHere } from "@/components/left-answer";
import { AnswerNote } from "@/components/answer-note";
import { enteredText, rangeText, valueText } from "./lab-text";
import type { labResultShown } from "./labs-section";

/** What the table shows of a result, and nothing more: the server maps each row (labs-section.tsx). */
type LabResultShown = ReturnType<typeof labResultShown>;

/**
 * A patient's results, newest first: entered-in-error ones struck through with the reason, where each
 * came from, its review; and for those allowed, the review and correction forms. The answer to the last
 * review made here stays under its result once the row shows the review instead of the form, and so does the
 * answer to the last correction or void, under the entry struck through (in the LeftAnswers around the table).
 * On a narrow screen, where the table scrolls sideways and its Flag column is out of sight, a result's review
 * (its form, then its answer) is a row of its own under the result, within the screen.
 */
export function LabResultsTable({
  patientId,
  rows,
  canAck,
  canCorrect,
  canDecide,
  today,
}: {
  patientId: string;
  /** The clinic's today, which bounds a repeat's date in the review form. */
  today: string;
  rows: LabResultShown[];
  canAck: boolean;
  canCorrect: boolean;
  canDecide: boolean;
}) {
  const [reviewed, setReviewed] = useState<{ id: string; answer: ActionState } | null>(null);
  const wide = useWideScreen();
  return (
    <table className="table" data-testid="lab-results">
      <TableHead columns={["Specimen date", "Test", "Result", "Reference", "Flag", "Entered by"]} />
      <tbody className="divide-y divide-slate-100">
        {rows.map((l) => {
          const review =
            l.flag !== "NORMAL" && !l.review && !l.voided && canAck ? (
              l.analyte === "HCG" ? (
                <Link href={`/patients/${patientId}#pregnancy`} className="text-xs font-semibold text-brand-700 underline">
                  Document a decision
                </Link>
              ) : (
                <AcknowledgeButton labResultId={l.id} today={today} onReviewed={(answer) => setReviewed({ id: l.id, answer })} />
              )
            ) : null;
          const answer = reviewed?.id === l.id ? <AnswerNote answer={reviewed.answer} testId="review-confirmation" className="mt-1" /> : null;
          const under = !wide && (review || answer);
          return (
            <Fragment key={l.id}>
              <tr id={`lab-${l.id}`} data-flag={l.flag} className={`target:bg-amber-50 ${under ? "border-b-0" : ""}`}>
                <td className="whitespace-nowrap">{formatDate(l.specimenDate)}</td>
                <td>
                  {l.name} <span className="font-mono text-xs text-slate-500">{l.code}</span>
                </td>
                <td className="font-semibold">
                  {l.voided ? <del>{valueText(l)}</del> : valueText(l)}
                  {/* On a phone the Flag column is scrolled out of sight: the flag shows beside the value too. */}
                  <span
                    className={`badge ml-2 align-middle font-normal sm:hidden ${FLAG_STYLE[l.flag]} ${l.voided ? "line-through opacity-50" : ""}`}
                    data-testid="flag-beside-value"
                  >
                    {LAB_FLAG_LABELS[l.flag]}
                  </span>
                  {l.voided ? (
                    <div className="text-xs font-normal text-slate-600" data-testid="voided">
                      {l.voided.corrected ? "Corrected" : "Entered in error"}: {l.voided.reason} ({l.voided.by}, {l.voided.on})
                    </div>
                  ) : null}
                  {enteredText(l) ? <div className="text-xs font-normal text-slate-600">{enteredText(l)}</div> : null}
                  {l.receivedFrom ? <div className="text-xs font-normal text-slate-500">Received from {l.receivedFrom} (HL7)</div> : null}
                  {l.recordedAgain ? <div className="text-xs font-normal text-slate-600">Recorded again (same result already on file)</div> : null}
                  {l.corrects ? <div className="text-xs font-normal text-slate-600">Corrects {formatDate(l.corrects)} entry</div> : null}
                  {canCorrect && !l.voided && (l.analyte !== "HCG" || canDecide) ? (
                    <CorrectionForm kind="lab" entryId={l.id} unit={l.enteredUnit ?? l.unit} />
                  ) : null}
                  <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={l.id} />
                  {canCorrect && !l.voided && l.analyte === "HCG" && !canDecide ? (
                    <div className="text-xs font-normal text-slate-600">
                      Entered in error? Tell a dermatologist: only they correct or void a pregnancy test.
                    </div>
                  ) : null}
                  {l.pregnancyTestSetting ? <div className="text-xs font-normal text-slate-500">{TEST_SETTING_NOTES[l.pregnancyTestSetting]}</div> : null}
                </td>
                <td className="text-slate-500">
                  {rangeText(l.refLow, l.refHigh, l.unit)}
                  {l.refHighDefaulted ? <div className="text-xs">default range: the lab gave no upper limit</div> : null}
                  {l.labRange || l.labFlag ? (
                    <div className="text-xs" data-testid="lab-reported">
                      Lab reported: {[l.labRange, l.labFlag ? `flag ${l.labFlag}` : null].filter(Boolean).join(", ")}
                    </div>
                  ) : null}
                </td>
                <td>
                  {/* An entry made in error counts for nothing: its flag stays readable but no longer alarms. */}
                  <span className={`badge ${FLAG_STYLE[l.flag]} ${l.voided ? "line-through opacity-50" : ""}`}>{LAB_FLAG_LABELS[l.flag]}</span>
                  {/* Squeezed to the badge's width on a phone, the reason would stand a word a line, the row as tall as a screen. */}
                  {l.flagReason ? <div className="text-xs text-slate-600 max-sm:min-w-56">{l.flagReason}</div> : null}
                  {l.flag !== "NORMAL" && l.review ? (
                    <div className="text-xs text-slate-500" data-testid="review-history">
                      Reviewed by {l.review.by}, {l.review.on}
                      {l.review.action ? `: ${REVIEW_ACTION_LABELS[l.review.action]}` : ""}
                      {l.review.note ? ` (${l.review.note})` : ""}
                    </div>
                  ) : null}
                  {/* Rendered wide before the page is interactive: on a phone it waits, unseen, for its row below. */}
                  {wide && (review || answer) ? (
                    <div className="max-sm:hidden">
                      {review}
                      {answer}
                    </div>
                  ) : null}
                </td>
                <td className="text-slate-600">{l.enteredBy ?? "Lab interface"}</td>
              </tr>
              {under ? (
                <tr className="[:target+&]:bg-amber-50" data-testid="review-row">
                  <td colSpan={6} className="pt-0">
                    {/* As wide as the screen, and kept at its left edge while the table is scrolled sideways. */}
                    <div className="sticky left-3 max-w-[calc(100vw-4rem)]">
                      {review}
                      {answer}
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** Tailwind's `sm` breakpoint, from which the Flag column is in sight. */
const WIDE_SCREEN = "(min-width: 40rem)";
const watchWidth = (change: () => void) => {
  const query = window.matchMedia(WIDE_SCREEN);
  query.addEventListener("change", change);
  return () => query.removeEventListener("change", change);
};

/** Whether the screen is at least `sm` wide; the server renders for a wide one. */
const useWideScreen = () =>
  useSyncExternalStore(
    watchWidth,
    () => window.matchMedia(WIDE_SCREEN).matches,
    () => true,
  );
