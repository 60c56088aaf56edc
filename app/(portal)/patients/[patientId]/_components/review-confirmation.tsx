"use client";

import Link from "@/components/link";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * Opens the <details> an in-page link names before the link scrolls to it: a link to the page already shown
 * fires no hashchange, which LazyDetails listens for on arrival from another page.
 */
function openNamed(href: string) {
  const target = document.getElementById(href.split("#")[1] ?? "");
  if (target instanceof HTMLDetailsElement) target.open = true;
}

/**
 * A review's answer where it stays on screen once the row's form is gone: its message and, after "Dose
 * reduced", the link to the course's dose change; `about` names the patient where the row named it (the dashboard).
 * A correction's answer is shown the same way (`testId` "correction-confirmation").
 */
export function ReviewConfirmation({ answer, about, testId = "review-confirmation" }: { answer: ActionState; about?: string; testId?: string }) {
  if (answer.status !== "ok") return null;
  return (
    <p className="mt-1 rounded-md bg-green-50 px-2 py-1 text-xs text-green-800" role="status" data-testid={testId}>
      {about ? `${about}: ` : ""}
      {answer.message}
      {answer.next ? (
        <>
          {" "}
          <Link href={answer.next.href} onClick={() => openNamed(answer.next!.href)} className="font-semibold text-brand-700 underline">
            {answer.next.label}
          </Link>
        </>
      ) : null}
    </p>
  );
}
