"use client";

import { useMemo } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage, useRowFormAction } from "@/components/form";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { sendRemindersAction } from "../actions";

function ChannelButton({ channel, label, blocked }: { channel: string; label: string; blocked: string | null }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name="channel" value={channel} className="btn-secondary py-1" aria-disabled={pending} disabled={pending} title={blocked ?? undefined}>
      {label}
    </button>
  );
}

/**
 * One patient's reminder buttons. A channel the patient cannot be reached on stays clickable: the server
 * refuses it with the reason, so the rule lives in one place (lib/reminders/eligibility.ts).
 */
export function ReminderButtons({ patientId, emailBlocked, smsBlocked }: { patientId: string; emailBlocked: string | null; smsBlocked: string | null }) {
  const [state, action] = useRowFormAction(sendRemindersAction, IDLE);
  // Memoized: FormMessage moves focus to a refusal whenever the state it is given changes, not on every render.
  const shown = useMemo<ActionState>(() => {
    const refusal = state.status === "error" ? state.outcomes?.find((o) => o.patientId === patientId && !o.ok)?.message : undefined;
    return refusal ? { status: "error", message: refusal } : state;
  }, [state, patientId]);
  return (
    <form action={action} className="space-y-1" noValidate data-testid="reminder-form">
      <input type="hidden" name="patientId" value={patientId} />
      <div className="flex flex-wrap gap-2">
        <ChannelButton channel="EMAIL" label="Email reminder" blocked={emailBlocked} />
        <ChannelButton channel="SMS" label="Text reminder" blocked={smsBlocked} />
      </div>
      <FormMessage state={shown} />
    </form>
  );
}
