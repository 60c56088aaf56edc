"use client";

import { useEffect, useRef } from "react";
import { focusDropped } from "./form";
import { openNamedDetails } from "./lazy-details";
import Link from "./link";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * A form's answer where it stays on screen once the form is gone (a reviewed row's, a filed queue entry's, a
 * retired test's): its message, `about` naming the patient where the row named it (the dashboard), and any link
 * it gives on (a review's "Dose reduced" to the course's dose change). Announced (role=status, or alert when it
 * asks for action now), and given the focus the vanished form dropped to the page, so a keyboard user goes on
 * from where the form was and a screen reader reads it. `size`: "row" under an entry, "list" in a list's place.
 */
export function AnswerNote(props: { answer: ActionState; testId: string; about?: string; size?: "row" | "list"; className?: string }) {
  const { answer, testId, about, size = "row", className = "" } = props;
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (answer.status === "ok" && focusDropped()) ref.current?.focus();
  }, [answer]);
  if (answer.status !== "ok") return null;
  const alert = answer.tone === "alert";
  const tone = alert ? "border border-red-300 bg-red-50 font-semibold text-red-900" : "bg-green-50 text-green-800";
  const spacing = size === "row" ? "px-2 py-1 text-xs" : "px-3 py-2 text-sm";
  return (
    <p ref={ref} tabIndex={-1} role={alert ? "alert" : "status"} className={`rounded-md ${spacing} ${tone} ${className}`} data-testid={testId}>
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
