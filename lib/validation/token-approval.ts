import { z } from "zod";
import { requiredText, uuid } from "./common";

/** The system tokens an administrator creates and a dermatologist approves: FHIR API clients and lab interfaces. */
export const TOKEN_KINDS = ["API_CLIENT", "LAB_INTERFACE"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const REQUEST_NOT_NAMED = "This form does not say which request it decides: reload the page and try again.";

/**
 * When the request the page showed was asked for (its creation, or the new token's request), as the page wrote it
 * (an ISO instant, to the millisecond the database keeps): the decision is of that request, never of one asked for
 * after the page was shown (lib/data/token-decisions.ts).
 */
const requestedAt = z
  .string({ error: REQUEST_NOT_NAMED })
  .refine((s) => {
    const at = new Date(s);
    return !Number.isNaN(at.getTime()) && at.toISOString() === s;
  }, REQUEST_NOT_NAMED)
  .transform((s) => new Date(s));

export const tokenApprovalSchema = z.object({
  kind: z.enum(TOKEN_KINDS, { error: "Choose an API client or a lab interface." }),
  credentialId: uuid,
  requestedAt,
});

export const tokenDeclineSchema = tokenApprovalSchema.extend({ reason: requiredText("why the token is declined", 500) });
