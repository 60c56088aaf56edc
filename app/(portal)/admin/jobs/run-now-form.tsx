"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { runJobNowAction } from "./actions";

export function RunDailyRefreshForm() {
  const [state, action] = useActionState(runJobNowAction, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3" aria-label="Run the daily refresh now">
      <input type="hidden" name="job" value="daily-refresh" />
      <SubmitButton>Run the daily refresh now</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
