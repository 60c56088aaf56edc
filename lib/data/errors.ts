import type { ActionState } from "@/lib/validation/action-result";

/** A write refused for a reason the user can act on; carries the action's answer. Never carries PHI. */
export class ActionRefusal extends Error {
  constructor(public readonly state: ActionState) {
    super(state.status === "error" || state.status === "confirm" ? state.message : "refused");
  }
}

export const conflict = () =>
  new ActionRefusal({
    status: "error",
    message: "This course was changed by someone else since you opened it. Reload the page and check the latest entries before trying again.",
  });

export const notFound = (what: string) => new ActionRefusal({ status: "error", message: `That ${what} no longer exists.` });

export const fieldError = (field: string, message: string, values?: Record<string, string>) =>
  new ActionRefusal({ status: "error", message: "Please correct the highlighted fields.", fieldErrors: { [field]: [message] }, values });
