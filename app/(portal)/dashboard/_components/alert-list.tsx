"use client";

// A client component: the page sends each list's rows as data and the server renders their markup once
// (README, "Performance").
import Link from "@/components/link";
import { useState } from "react";
import { FLAG_STYLE } from "@/components/badge-styles";
import type { getLabAlerts } from "@/lib/data/labs";
import { formatDate } from "@/lib/format";
import { LAB_FLAG_LABELS } from "@/lib/labels";
import type { ActionState } from "@/lib/validation/action-result";
import { AcknowledgeButton } from "../../patients/[patientId]/_components/lab-forms";
import { AnswerNote } from "@/components/answer-note";

/** An unreviewed result as getLabAlerts returns it: the fields a panel shows, and nothing more. */
type AlertRow = Awaited<ReturnType<typeof getLabAlerts>>["critical"][number];

/** The link to the rest of a list: "12 more critical alerts", to the page that lists them all. */
export interface MoreLink {
  href: string;
  label: string;
}

/**
 * One list of results awaiting review, every row it was given shown (the dashboard gives the most urgent
 * ten), with how many there are (`count`: "10 of 22") and, when there are more, a link to them all (`more`).
 * A reviewed row leaves the list: the answer to the last review made here (the repeat listed, the link to
 * the dose change) stays above it, naming the patient.
 */
export function AlertList(props: {
  title: string;
  rows: AlertRow[];
  count: string | null;
  empty: string;
  testId: string;
  canReview: boolean;
  /** The clinic's today, which bounds a repeat's date in the review form. */
  today: string;
  more?: MoreLink | null;
  /** Shown above the rows, rendered on the server (the critical panel's patients whose prescribing a waiting result stops). */
  lead?: React.ReactNode;
}) {
  const { title, rows, count, empty, testId, canReview, today, more, lead } = props;
  const [reviewed, setReviewed] = useState<{ patientName: string; answer: ActionState } | null>(null);
  return (
    <section className="card flex flex-col" aria-label={title}>
      <h2 className="text-lg font-semibold">
        {title}
        {count ? (
          <span className="ml-2 text-sm font-normal text-slate-600" data-testid={`${testId}-count`}>
            {count}
          </span>
        ) : null}
      </h2>
      {reviewed ? <AnswerNote answer={reviewed.answer} about={reviewed.patientName} testId="review-confirmation" className="mt-1" /> : null}
      {lead}
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid={testId}>
          {rows.map((r) => (
            <li key={r.id} className="py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`badge ${FLAG_STYLE[r.flag]}`}>{LAB_FLAG_LABELS[r.flag]}</span>
                <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                  {r.patientName}
                </Link>
                <Link
                  href={`/patients/${r.patientId}?labs=all#lab-${r.id}`}
                  className="text-slate-600 underline-offset-2 hover:underline"
                  data-testid="alert-result-link"
                >
                  {r.test}, {formatDate(r.specimenDate)}
                </Link>
              </div>
              {r.reason ? <p className="text-slate-700">{r.reason}</p> : null}
              {r.later ? (
                <p className="text-slate-600" data-testid="alert-later">
                  Since then: {LAB_FLAG_LABELS[r.later.flag]} on {formatDate(r.later.specimenDate)}
                </p>
              ) : null}
              {/* A positive pregnancy test is reviewed by a documented decision, on the patient's page. */}
              {canReview && r.analyte !== "HCG" ? (
                <AcknowledgeButton
                  labResultId={r.id}
                  today={today}
                  about={`${r.test} of ${formatDate(r.specimenDate)} for ${r.patientName}`}
                  onReviewed={(answer) => setReviewed({ patientName: r.patientName, answer })}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <Link
          href={more.href}
          className="mt-2 self-start border-t border-slate-100 pt-2 text-sm font-medium text-brand-700 hover:underline"
          data-testid={`${testId}-more`}
        >
          {more.label} →
        </Link>
      ) : null}
    </section>
  );
}
