import { z } from "zod";
import { tokenCode } from "@/lib/confirmation-token";
import { repeatedField } from "./common";

/** A confirmation the form was never asked for: a stale or altered form, or one from before tokens. */
export const NOT_ASKED = "Not a confirmation this form asks for: reload the page and try again.";
export const TOO_MANY_CONFIRMATIONS = "Too many confirmations.";

/** A token (lib/confirmation-token.ts) confirming a warning of one of these codes. */
export const tokenOf =
  (codes: readonly string[]) =>
  (ack: string): boolean => {
    const code = tokenCode(ack);
    return code !== null && codes.includes(code);
  };

/**
 * The confirmations a form sends back ("ack", one per box ticked): at most `max`, each one `isAsked` accepts (a
 * token of a code the form may be asked about), checked as one field so that a stale or altered form gets one
 * message, on the field the forms show (components/schedule-fields.tsx ConfirmWarnings).
 */
export const confirmationsField = (isAsked: (ack: string) => boolean, max: number, message: string = NOT_ASKED) =>
  repeatedField(
    z
      .array(z.string({ error: message }))
      .max(max, { error: TOO_MANY_CONFIRMATIONS, abort: true })
      .refine((acks) => acks.every(isAsked), message),
  );
