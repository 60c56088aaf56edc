import { z } from "zod";
import { requiredText, uuid } from "./common";

/** The system tokens an administrator creates and a dermatologist approves: FHIR API clients and lab interfaces. */
export const TOKEN_KINDS = ["API_CLIENT", "LAB_INTERFACE"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export const tokenApprovalSchema = z.object({
  kind: z.enum(TOKEN_KINDS, { error: "Choose an API client or a lab interface." }),
  credentialId: uuid,
});

export const tokenDeclineSchema = tokenApprovalSchema.extend({ reason: requiredText("why the token is declined", 500) });
