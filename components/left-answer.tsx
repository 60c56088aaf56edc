"use client";

import { createContext, useContext, useState } from "react";
import type { ActionState } from "@/lib/validation/action-result";
import { AnswerNote } from "./answer-note";

type Left = { id: string; answer: ActionState };

const LeftAnswerContext = createContext<{ left: Left | null; leave: (left: Left) => void } | null>(null);

/**
 * Keeps, for a list whose entries' forms leave the page once they succeed (a void strikes its entry through,
 * a waiver's void moves its item back among the open ones), the answer of the last such form sent in it,
 * under the id of the entry it stays with. The list is re-rendered by the server without the form: its
 * answer would go with it, and the focus fall to the page. Rendered where the server's list is, it keeps
 * the answer across that re-render, as any client component's state is kept at its place.
 */
export function LeftAnswers({ children }: { children: React.ReactNode }) {
  const [left, leave] = useState<Left | null>(null);
  return <LeftAnswerContext value={{ left, leave }}>{children}</LeftAnswerContext>;
}

/** For a leaving form (leavingAction in components/form.tsx): hands its answer to be shown under `id`; none outside a LeftAnswers. */
export function useLeaveAnswer(id: string): ((answer: ActionState) => void) | undefined {
  const context = useContext(LeftAnswerContext);
  return context ? (answer) => context.leave({ id, answer }) : undefined;
}

/** The answer to show under `id`, if the last form to leave in this list left it there. */
export function useLeftAnswer(id: string): ActionState | null {
  const left = useContext(LeftAnswerContext)?.left;
  return left?.id === id ? left.answer : null;
}

/**
 * The last form to leave in this list and its answer, for a list whose entry itself leaves with its form (an
 * unfiled lab result once attached or dismissed): the list keeps the answer at the entry's place.
 */
export function useLastLeft(): Left | null {
  return useContext(LeftAnswerContext)?.left ?? null;
}

/**
 * Where a leaving form was, within its entry that stays (a revoked credential's row, a retired test's, a voided
 * entry struck through): the answer it left under `id`, when it was the last to leave in this list (AnswerNote).
 */
export function LeftAnswerHere({ id, testId = "left-answer", className }: { id: string; testId?: string; className?: string }) {
  const answer = useLeftAnswer(id);
  return answer ? <AnswerNote answer={answer} testId={testId} className={className} /> : null;
}
