import { z } from "zod";
import { requiredText, uuid } from "./common";

/** The system tokens an administrator creates and a dermatologist approves: FHIR API clients and lab interfaces. */
export const TOKEN_KINDS = ["API_CLIENT", "LAB_INTERFACE"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const REQUEST_NOT_NAMED = "This form does not say which request it decides: reload the page and try again.";

const decision = {
  kind: z.enum(TOKEN_KINDS, { error: "Choose an API client or a lab interface." }),
  credentialId: uuid,
  requestedAt: z.string().optional(),
};

/**
 * When the request the page showed was asked for (its creation, or the new token's request), as the page wrote it:
 * an ISO instant, to the millisecond the database keeps. The decision is of that request, never of one asked for
 * after the page was shown (lib/data/token-decisions.ts). A form without it is refused as a whole, in a sentence:
 * the field is hidden, so no field of the form could show its error.
 */
function requestNamed<T extends { requestedAt?: string }>(form: T, ctx: z.RefinementCtx): Omit<T, "requestedAt"> & { requestedAt: Date } {
  const at = new Date(form.requestedAt ?? Number.NaN);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== form.requestedAt) {
    ctx.addIssue({ code: "custom", message: REQUEST_NOT_NAMED });
    return z.NEVER;
  }
  return { ...form, requestedAt: at };
}

export const tokenApprovalSchema = z.object(decision).transform(requestNamed);

export const tokenDeclineSchema = z.object({ ...decision, reason: requiredText("why the token is declined", 500) }).transform(requestNamed);
