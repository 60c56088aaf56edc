import { z } from "zod";
import { requiredText, uuid } from "./common";

/** The roles an API client may take: clinical visibility only, never an administrator's. */
export const API_CLIENT_ROLES = ["DERMATOLOGIST", "NURSE", "STAFF"] as const;

export const createApiClientSchema = z.object({
  name: requiredText("a name for the client", 100),
  role: z.enum(API_CLIENT_ROLES, { error: "Choose the role whose visibility the client gets: dermatologist, nurse or office staff." }),
});

export const apiClientIdSchema = z.object({ clientId: uuid });
