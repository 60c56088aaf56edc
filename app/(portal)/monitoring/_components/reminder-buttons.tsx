"use client";

import { useMemo } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage, useRowFormAction } from "@/components/form";
import { REMINDER_CHANNEL_LABELS } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { sendRemindersAction } from "../actions";

type Channel = keyof typeof REMINDER_CHANNEL_LABELS;
// The channels' names as the selection's menu and the outreach history give them.
const LABELS = REMINDER_CHANNEL_LABELS;

function ChannelButton({ channel, blocked, reasonId, patientName }: { channel: Channel; blocked: string | null; reasonId: string; patientName: string }) {
  const { pending } = useFormStatus();
  const disabled = pending || blocked !== null;
  return (
    <button
      type="submit"
      name="channel"
      value={channel}
      className="btn-secondary py-1"
      aria-disabled={disabled}
      disabled={disabled}
      aria-describedby={blocked ? reasonId : undefined}
      aria-label={`${LABELS[channel]} to ${patientName}`}
    >
      {LABELS[channel]}
    </button>
  );
}

/**
 * One patient's reminder buttons, each named with the patient ("Reminder email to Doe, Jane") for a screen reader
 * to tell it from the other cards' on the page. A channel the patient cannot be reached on (do not contact, no
 * address, a number to check) is disabled, its reason shown beneath: the reasons come from the server, which asks
 * lib/reminders/eligibility.ts, and which refuses such a reminder anyway when it is asked for.
 */
export function ReminderButtons({ patientId, patientName, blocked }: { patientId: string; patientName: string; blocked: Record<Channel, string | null> }) {
  const [state, action] = useRowFormAction(sendRemindersAction, IDLE);
  // Memoized: FormMessage moves focus to a refusal whenever the state it is given changes, not on every render.
  const shown = useMemo<ActionState>(() => {
    const refusal = state.status === "error" ? state.outcomes?.find((o) => o.patientId === patientId && !o.ok)?.message : undefined;
    return refusal ? { status: "error", message: refusal } : state;
  }, [state, patientId]);
  const reasonId = (channel: Channel) => `reminder-${patientId}-${channel}-blocked`;
  const channels: Channel[] = ["EMAIL", "SMS"];
  return (
    <form action={action} className="space-y-1" noValidate data-testid="reminder-form">
      <input type="hidden" name="patientId" value={patientId} />
      <div className="flex flex-wrap gap-2">
        {channels.map((c) => (
          <ChannelButton key={c} channel={c} blocked={blocked[c]} reasonId={reasonId(c)} patientName={patientName} />
        ))}
      </div>
      {channels.map((c) =>
        blocked[c] ? (
          <p key={c} id={reasonId(c)} className="text-xs text-slate-600" data-testid={`reminder-blocked-${c}`}>
            {LABELS[c]}: {blocked[c]}
          </p>
        ) : null,
      )}
      <FormMessage state={shown} />
    </form>
  );
}
