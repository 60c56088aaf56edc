import { createHash } from "node:crypto";
import { TOKEN_DIGEST_HEX } from "./confirmation-token";

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

/** A warning as a write asks for its confirmation: with the token that confirms it (confirmationToken). */
export interface AskedWarning extends Warning {
  token: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /**
     * The form field the message belongs to (INVALID), several fields' messages at once (any code), or the
     * warnings to confirm (NEEDS_CONFIRMATION).
     */
    readonly detail: { field?: string; fields?: Record<string, string[]>; warnings?: AskedWarning[] } = {},
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
export const needsConfirmation = (message: string, warnings: readonly Warning[]) =>
  new AppError("NEEDS_CONFIRMATION", message, { warnings: warnings.map((w) => ({ code: w.code, message: w.message, token: confirmationToken(w) })) });

/**
 * What confirms a warning (lib/confirmation-token.ts): its code and a digest of its message, the text the form
 * showed. A confirmation of one finding never passes another of the same code: a dose of 1.05 mg/kg/day
 * confirmed at 60 kg is asked again, with its new text, once a weight of 45 kg puts it at 1.40.
 */
export const confirmationToken = (w: Warning): string => `${w.code}:${createHash("sha256").update(w.message, "utf8").digest("hex").slice(0, TOKEN_DIGEST_HEX)}`;

/** Whether the confirmations sent (`ack`, tokens) confirm this warning as it reads now. */
export const isConfirmed = (w: Warning, ack: readonly string[]): boolean => ack.includes(confirmationToken(w));

/**
 * The confirmations a write needs (`due`) to ask for: every one while any is not given, since a form shows as
 * checkboxes only those it is asked for, unticked (one asked alone would hide the other, given a moment before,
 * and ticking it would ask for the other again); and the codes its audit row records once every one is given.
 * A warning is given when `ack` holds its token, so one whose text changed since the form showed it is asked again.
 */
export function confirmationsDue(due: readonly (Warning | null)[], ack: readonly string[]): { pending: Warning[]; acknowledged: string[] } {
  const needed = due.filter((w): w is Warning => w !== null);
  return { pending: needed.every((w) => isConfirmed(w, ack)) ? [] : needed, acknowledged: needed.map((w) => w.code) };
}
