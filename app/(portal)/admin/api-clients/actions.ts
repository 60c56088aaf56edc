"use server";

import { revalidatePath } from "next/cache";
import { authorizeAction } from "@/lib/auth/session";
import { createApiClient, revokeApiClient } from "@/lib/fhir/clients";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { apiClientIdSchema, createApiClientSchema } from "@/lib/validation/api-client";

const TOKEN_NOTE = "Copy this token into the client's configuration now: it is shown this once and cannot be shown again. Send it as 'Authorization: Bearer <token>'.";

export async function createApiClientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = createApiClientSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  const { token } = await createApiClient(auth.user, parsed.data);
  revalidatePath("/admin/api-clients");
  return { status: "ok", message: `API client ${parsed.data.name} created.`, reveal: { label: TOKEN_NOTE, values: [token] } };
}

export async function revokeApiClientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = apiClientIdSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  if (!(await revokeApiClient(auth.user, parsed.data.clientId))) return denied("That API client does not exist or is already revoked.");
  revalidatePath("/admin/api-clients");
  return { status: "ok", message: "API client revoked. Its token is refused from the next call on." };
}
