"use server";

import { defineAction } from "@/lib/actions/client";
import { refused } from "@/lib/errors";
import { createApiClient, revokeApiClient } from "@/lib/fhir/clients";
import { apiClientIdSchema, createApiClientSchema } from "@/lib/validation/api-client";

const TOKEN_NOTE =
  "Copy this token into the client's configuration now: it is shown this once and cannot be shown again. Send it as 'Authorization: Bearer <token>'.";
const API_CLIENTS = ["/admin/api-clients"];

export const createApiClientAction = defineAction({
  permission: "users.manage",
  schema: createApiClientSchema,
  revalidate: API_CLIENTS,
  run: async (input, { user }) => {
    const { token } = await createApiClient(user, input);
    return {
      status: "ok",
      message: `API client ${input.name} created. Its token works once a dermatologist approves it.`,
      reveal: { label: TOKEN_NOTE, values: [token] },
    };
  },
});

export const revokeApiClientAction = defineAction({
  permission: "users.manage",
  schema: apiClientIdSchema,
  revalidate: API_CLIENTS,
  run: async (input, { user }) => {
    if (!(await revokeApiClient(user, input.clientId))) throw refused("That API client does not exist or is already revoked.");
    return "API client revoked. Its token is refused from the next call on.";
  },
});
