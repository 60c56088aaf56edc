/**
 * The one error model of the data layer: a write refused for a reason the user can act on. Data functions
 * throw it; the action client (lib/actions/client.ts) turns it into the form's answer in one place. It
 * knows nothing of Next or of forms, and its messages never carry patient data.
 */
export type AppErrorCode = "INVALID" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "REFUSED" | "NEEDS_CONFIRMATION" | "THROTTLED";

export interface Warning {
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /**
     * The form field the message belongs to (INVALID), several fields' messages at once (any code), or the
     * warnings to confirm (NEEDS_CONFIRMATION).
     */
    readonly detail: { field?: string; fields?: Record<string, string[]>; warnings?: Warning[] } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalidField = (field: string, message: string) => new AppError("INVALID", message, { field });
/** Several fields refused at once; the message says what the form as a whole cannot do, or asks for corrections. */
export const invalidFields = (fields: Record<string, string[]>, message = "Please correct the highlighted fields.") =>
  new AppError("INVALID", message, { fields });
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const notFound = (what: string) => new AppError("NOT_FOUND", `That ${what} no longer exists.`);
export const refused = (message: string) => new AppError("REFUSED", message);
export const needsConfirmation = (message: string, warnings: Warning[]) => new AppError("NEEDS_CONFIRMATION", message, { warnings });

/**
 * The confirmations a write needs (`due`) to ask for: every one while any is not given, since a form shows as
 * checkboxes only those it is asked for, unticked (one asked alone would hide the other, given a moment before,
 * and ticking it would ask for the other again); and the codes its audit row records once every one is given.
 */
export function confirmationsDue(due: readonly (Warning | null)[], ack: readonly string[]): { pending: Warning[]; acknowledged: string[] } {
  const needed = due.filter((w): w is Warning => w !== null);
  return { pending: needed.every((w) => ack.includes(w.code)) ? [] : needed, acknowledged: needed.map((w) => w.code) };
}
