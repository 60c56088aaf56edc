"use client";

import { useActionState, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage, SelectField } from "@/components/form";
import { formatCount } from "@/lib/format";
import { REMINDER_CHANNEL_LABELS, toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { sendRemindersAction } from "../actions";

export const BULK_FORM_ID = "bulk-reminders";
const BLOCKED_ID = "bulk-reminders-blocked";

type Channel = keyof typeof REMINDER_CHANNEL_LABELS;
/** Why each patient on the page cannot get a reminder on each channel, or null (lib/data/worklist.ts). */
export type BlockedByPatient = Record<string, Record<Channel, string | null>>;

/** The patients' checkboxes on the page: they sit on their cards and belong to the form through `form`. */
function patientBoxes(form: HTMLFormElement | null): HTMLInputElement[] {
  return Array.from(form?.elements ?? []).filter((e): e is HTMLInputElement => e instanceof HTMLInputElement && e.name === "patientId");
}

/** The selected patients who cannot get a reminder on the channel, with why (lib/data/worklist.ts). */
function refusedOf(blocked: BlockedByPatient, ids: readonly string[], channel: string): { id: string; reason: string }[] {
  return ids.flatMap((id) => {
    const reason = blocked[id]?.[channel as Channel];
    return reason ? [{ id, reason }] : [];
  });
}

/**
 * Asks before a reminder goes to more than one patient at once, naming the channel and how many will be sent
 * one, and how many of those selected cannot; remembers the channel chosen.
 */
function confirmBulk(blocked: BlockedByPatient, setChannel: (channel: string) => void) {
  return (event: React.FormEvent<HTMLFormElement>) => {
    const values = new FormData(event.currentTarget);
    const channel = String(values.get("channel") ?? "");
    const ids = values.getAll("patientId").map(String);
    const label = REMINDER_CHANNEL_LABELS[channel as Channel];
    const refused = refusedOf(blocked, ids, channel).length;
    const question = `Send a ${label?.toLowerCase()} to ${formatCount(ids.length - refused, "patient")}?`;
    const cannot = refused ? ` ${refused} of the ${ids.length} selected cannot be sent one.` : "";
    if (ids.length > 1 && label && !window.confirm(question + cannot)) {
      event.preventDefault();
      return;
    }
    setChannel(channel);
  };
}

/** "1 of the 2 selected cannot be sent a reminder text message:", or that none of them can. */
function blockedSummary(refused: number, selected: number, channel: Channel): string {
  const label = REMINDER_CHANNEL_LABELS[channel].toLowerCase();
  if (refused < selected) return `${refused} of the ${selected} selected cannot be sent a ${label}:`;
  return selected === 1 ? `The selected patient cannot be sent a ${label}:` : `None of the ${selected} selected can be sent a ${label}:`;
}

/**
 * Counts the selected patients who can get a reminder on the channel chosen; disabled while sending, and when
 * some are selected and none of them can.
 */
function SendButton({ sendable, noneCanGet }: { sendable: number; noneCanGet: boolean }) {
  const { pending } = useFormStatus();
  const disabled = pending || noneCanGet;
  return (
    <button type="submit" className="btn-primary" aria-disabled={disabled} disabled={disabled} aria-describedby={noneCanGet ? BLOCKED_ID : undefined}>
      {pending ? "Saving…" : sendable > 0 ? `Send ${formatCount(sendable, "reminder")}` : "Send reminders"}
    </button>
  );
}

/**
 * Reminders to the patients ticked on the page (their checkboxes belong to this form through the `form`
 * attribute), with how many are ticked and a box that ticks them all. Before sending, the selection's
 * summary names the selected patients who cannot get a reminder on the channel chosen, and why (do not
 * contact, no address, an earlier reminder waiting or sent in the last 24 hours; the server refuses them
 * anyway); the button and the question before sending count only the others, and with none who can, the
 * button is disabled. The answer lists each patient: queued, or why not; it stays until the selection
 * changes, and then goes with its message.
 */
export function BulkReminders({ names, blocked }: { names: Record<string, string>; blocked: BlockedByPatient }) {
  const [state, action] = useActionState(sendRemindersAction, IDLE);
  const form = useRef<HTMLFormElement>(null);
  const all = useRef<HTMLInputElement>(null);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const selected = selectedIds.length;
  // The channel chosen stays chosen after the answer (the select is drawn again with it: a form's reset
  // would bring back the first one), so the answers read against it.
  const [channel, setChannel] = useState<string>("EMAIL");
  // The channel showing in the select, which the summary reads (changing it does not redraw the select).
  const [shownChannel, setShownChannel] = useState<string>("EMAIL");
  const onPage = Object.keys(names).length;
  // An answer is about the patients of its send: once the selection changes after it (a box ticked or
  // cleared, not the reset that follows each answer), it is put away, and the form reads as before any.
  const [putAway, setPutAway] = useState<ActionState | null>(null);
  const answer = putAway === state ? IDLE : state;
  const count = useCallback(() => setSelectedIds(patientBoxes(form.current).flatMap((b) => (b.checked ? [b.value] : []))), []);
  useEffect(() => {
    count();
    // A card's checkbox is outside this form in the page: its change reaches the document, not the form.
    // A reset (after each answer) clears the boxes without a change event, once its event has been handled.
    const f = form.current;
    const afterReset = () => setTimeout(count);
    const changed = (event: Event) => {
      if (event.target instanceof HTMLInputElement && event.target.name === "patientId") setPutAway(state);
      count();
    };
    document.addEventListener("change", changed);
    f?.addEventListener("reset", afterReset);
    return () => {
      document.removeEventListener("change", changed);
      f?.removeEventListener("reset", afterReset);
    };
  }, [count, names, state]);
  useEffect(() => {
    if (all.current) all.current.indeterminate = selected > 0 && selected < onPage;
  }, [selected, onPage]);
  const selectAll = (checked: boolean) => {
    for (const box of patientBoxes(form.current)) box.checked = checked;
    setPutAway(state);
    count();
  };
  const refused = refusedOf(blocked, selectedIds, shownChannel);
  const outcomes = answer.status === "ok" || answer.status === "error" ? (answer.outcomes ?? []) : [];
  // The patients' checkboxes sit on their cards, not in this form: "no patient ticked" is the message itself,
  // not a field to correct. Memoized: FormMessage moves focus whenever the state it is given changes.
  const shown = useMemo<ActionState>(() => {
    if (answer.status !== "error" || !answer.fieldErrors?.patientId || answer.fieldErrors.channel) return answer;
    return { status: "error", message: answer.fieldErrors.patientId.join(" ") };
  }, [answer]);
  return (
    <form
      ref={form}
      id={BULK_FORM_ID}
      action={action}
      onSubmit={confirmBulk(blocked, setChannel)}
      className="card space-y-2"
      noValidate
      data-testid="bulk-reminders"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-2 font-medium">
          <input ref={all} type="checkbox" checked={onPage > 0 && selected === onPage} onChange={(e) => selectAll(e.target.checked)} />
          Select all {onPage} on this page
        </label>
        <span className="text-slate-600" aria-live="polite" data-testid="bulk-selected">
          {selected === 0 ? "No patient selected" : `${formatCount(selected, "patient")} selected`}
        </span>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          key={channel}
          name="channel"
          label="Send to the selected patients"
          state={answer}
          defaultValue={channel}
          onChange={(e) => setShownChannel(e.target.value)}
          options={toOptions(REMINDER_CHANNEL_LABELS)}
        />
        <SendButton sendable={selected - refused.length} noneCanGet={selected > 0 && refused.length === selected} />
      </div>
      {refused.length > 0 ? (
        <div id={BLOCKED_ID} className="text-sm text-amber-900" data-testid="bulk-blocked">
          <p>{blockedSummary(refused.length, selected, shownChannel as Channel)}</p>
          <ul className="list-inside list-disc">
            {refused.map((r) => (
              <li key={r.id}>
                {names[r.id] ?? "Patient"}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <FormMessage state={shown} />
      {outcomes.length > 0 ? (
        <ul className="space-y-1 text-sm" data-testid="bulk-outcomes">
          {outcomes.map((o) => (
            <li key={o.patientId} className={o.ok ? "text-green-800" : "text-red-800"}>
              {names[o.patientId] ?? "Patient"}: {o.message}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
