"use client";

import { Fragment, useEffect, useRef, useState } from "react";
import { focusDropped } from "@/components/form";
import { useLastLeft } from "@/components/left-answer";
import type { ActionState } from "@/lib/validation/action-result";

/** An entry of the list (a message's results, or one result): its key, the queue entries it holds, and its markup (an <li>). */
export interface FiledListItem {
  key: string;
  ids: string[];
  node: React.ReactNode;
}

/** An entry that left the list: the queue entries it held, and the entry that followed it (null: it was the last). */
type Gone = { ids: string[]; before: string | null };

/** How many entries that left are remembered: enough for the last one filed here to be among them. */
const REMEMBERED = 20;

/** The entries of `before` that `now` no longer lists, each with the next one it still does. */
function goneFrom(before: FiledListItem[], now: FiledListItem[]): Gone[] {
  const kept = new Set(now.map((i) => i.key));
  return before.flatMap((item, n) =>
    kept.has(item.key) ? [] : [{ ids: item.ids, before: before.slice(n + 1).find((later) => kept.has(later.key))?.key ?? null }],
  );
}

/**
 * The answer of the form that filed an entry, where the entry was: announced (role=status, or alert when it
 * asks for action now) and given the focus that the form, gone with its entry, dropped to the page.
 */
function FiledAnswer({ answer }: { answer: ActionState }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (answer.status === "ok" && focusDropped()) ref.current?.focus();
  }, [answer]);
  if (answer.status !== "ok") return null;
  const alert = answer.tone === "alert";
  return (
    <p
      ref={ref}
      tabIndex={-1}
      role={alert ? "alert" : "status"}
      className={`rounded-md px-3 py-2 text-sm ${alert ? "border border-red-300 bg-red-50 font-semibold text-red-900" : "bg-green-50 text-green-800"}`}
      data-testid="filed-answer"
    >
      {answer.message}
    </p>
  );
}

/**
 * A list whose entries leave it once acted on (the lab queue's results attached or dismissed, the tokens
 * approved or declined: re-rendered by the server without them). Within a LeftAnswers, the answer of the last entry filed in it (the form hands it over with
 * the entry's id: useLeavingAction) is shown where that entry was, before the entry that followed it: the list
 * remembers the entries it showed before, as a client component keeps its state across the server's re-render.
 * With no entry left and no answer to show, it renders nothing.
 */
export function FiledList({
  items,
  className,
  answerClassName,
  testId,
}: {
  items: FiledListItem[];
  className?: string;
  /** The answer's <li>, spaced as the entries are. */
  answerClassName?: string;
  testId?: string;
}) {
  const left = useLastLeft();
  const keys = items.map((i) => i.key).join(" ");
  const [seen, setSeen] = useState({ keys, items, gone: [] as Gone[] });
  // What the server's last render took away, noted as it arrives (state from the previous render, as React advises).
  if (seen.keys !== keys) setSeen({ keys, items, gone: [...goneFrom(seen.items, items), ...seen.gone].slice(0, REMEMBERED) });
  const place = left && !items.some((i) => i.ids.includes(left.id)) ? seen.gone.find((g) => g.ids.includes(left.id)) : undefined;
  if (items.length === 0 && !place) return null;
  const answer =
    place && left ? (
      <li key={`left-${left.id}`} className={answerClassName}>
        <FiledAnswer answer={left.answer} />
      </li>
    ) : null;
  const at = place?.before && items.some((i) => i.key === place.before) ? place.before : null;
  return (
    <ul className={className} data-testid={testId}>
      {items.map((i) => (
        <Fragment key={i.key}>
          {i.key === at ? answer : null}
          {i.node}
        </Fragment>
      ))}
      {answer && at === null ? answer : null}
    </ul>
  );
}
