"use client";

import { useEffect, useRef } from "react";
import { focusDropped } from "@/components/form";
import { openNamedDetails } from "@/components/lazy-details";
import { useLeftAnswer } from "@/components/left-answer";
import Link from "@/components/link";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * A review's answer where it stays on screen once the row's form is gone: its message and, after "Dose
 * reduced", the link to the course's dose change; `about` names the patient where the row named it (the dashboard).
 * A correction's answer is shown the same way (`testId` "correction-confirmation"). The answer takes the focus
 * the vanished form dropped, so a keyboard user goes on from the row and a screen reader reads it.
 */
export function ReviewConfirmation({ answer, about, testId = "review-confirmation" }: { answer: ActionState; about?: string; testId?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  // The form that was focused has left the page with its row's entry: focus, dropped to the page, comes here.
  useEffect(() => {
    if (answer.status === "ok" && focusDropped()) ref.current?.focus();
  }, [answer]);
  if (answer.status !== "ok") return null;
  return (
    <p ref={ref} tabIndex={-1} className="mt-1 rounded-md bg-green-50 px-2 py-1 text-xs text-green-800" role="status" data-testid={testId}>
      {about ? `${about}: ` : ""}
      {answer.message}
      {answer.next ? (
        <>
          {" "}
          <Link href={answer.next.href} onClick={() => openNamedDetails(answer.next!.href)} className="font-semibold text-brand-700 underline">
            {answer.next.label}
          </Link>
        </>
      ) : null}
    </p>
  );
}

/** Under an entry of a LeftAnswers list: the answer of the form that left with it, when it was the last to leave. */
export function LeftAnswer({ id }: { id: string }) {
  const answer = useLeftAnswer(id);
  return answer ? <ReviewConfirmation answer={answer} testId="correction-confirmation" /> : null;
}
