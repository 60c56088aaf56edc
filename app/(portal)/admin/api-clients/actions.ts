"use server";

import { defineAction } from "@/lib/actions/client";
import { refused } from "@/lib/errors";
import { requestNewToken } from "@/lib/data/token-decisions";
import { createApiClient, revokeApiClient } from "@/lib/fhir/clients";
import { apiClientIdSchema, createApiClientSchema } from "@/lib/validation/api-client";

const API_CLIENTS = ["/admin/api-clients", "/approvals"];

/** An administrator creates a client without a token: the dermatologist who approves it is shown its token, to hand to the system. */
export const createApiClientAction = defineAction({
  permission: "users.manage",
  schema: createApiClientSchema,
  revalidate: API_CLIENTS,
  run: async (input, { user }) => {
    await createApiClient(user, input);
    return `API client ${input.name} created, without a token. A dermatologist approves it under Approvals and is shown its token, once, to hand to the system.`;
  },
});

/** An administrator asks for a new token (one lost, one to rotate): a dermatologist issues it; none is shown here. */
export const requestApiClientTokenAction = defineAction({
  permission: "users.manage",
  schema: apiClientIdSchema,
  revalidate: API_CLIENTS,
  run: async (input, { user }) => {
    await requestNewToken(user, { kind: "API_CLIENT", id: input.clientId });
    return "New token asked for. A dermatologist issues it under Approvals and hands it to the system; the token in service works until then.";
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
