import { useEffect, useState } from "react";
import { IDLE, type ActionState } from "@/lib/validation/action-result";

/**
 * The answer a form's message shows: a routine "saved" answer (not one that asks for action now) until the form is
 * changed (`outdate`, for its input events) or another form on the page is sent; refusals and questions stay, as
 * they describe what the form still holds.
 */
export function useSavedAnswer(state: ActionState, form: React.RefObject<HTMLFormElement | null>) {
  const [outdated, setOutdated] = useState<ActionState | null>(null);
  const saved = state.status === "ok" && state.tone !== "alert";
  useEffect(() => {
    if (!saved) return;
    const sentElsewhere = (e: SubmitEvent) => {
      if (e.target !== form.current) setOutdated(state);
    };
    document.addEventListener("submit", sentElsewhere, true);
    return () => document.removeEventListener("submit", sentElsewhere, true);
  }, [saved, state, form]);
  const outdate = () => {
    if (saved) setOutdated(state);
  };
  return [outdated === state ? IDLE : state, outdate] as const;
}
