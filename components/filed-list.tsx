"use client";

import { Fragment, useState } from "react";
import { AnswerNote } from "@/components/answer-note";
import { useLastLeft } from "@/components/left-answer";
import { RevealedSecret } from "@/components/reveal";

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
 * A list whose entries leave it once acted on (the lab queue's results attached or dismissed, the tokens
 * approved or declined: re-rendered by the server without them). Within a LeftAnswers, the answer of the last entry filed in it (the form hands it over with
 * the entry's id: useLeavingAction) is shown where that entry was, before the entry that followed it: the list
 * remembers the entries it showed before, as a client component keeps its state across the server's re-render.
 * A secret the answer carries is shown under it, once. With no entry left and no answer to show, it renders nothing.
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
        <AnswerNote answer={left.answer} size="list" testId="filed-answer" />
        {/* A secret the answer carries (a system token issued on approval), shown this once. */}
        {left.answer.status === "ok" && left.answer.reveal ? <RevealedSecret reveal={left.answer.reveal} /> : null}
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
