"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { newPasswordSchema } from "@/lib/auth/password-policy";
import { completeSetupLink, readSetupLink, SETUP_TOKEN } from "@/lib/data/setup-links";
import { invalid, isForm, NOT_A_FORM, type ActionState } from "@/lib/validation/action-result";
import { ASK_FOR_A_NEW_LINK } from "./new-link";

const tokenSchema = z.string().regex(SETUP_TOKEN);
const LINK_GONE = `This link no longer works: it was used, has expired, or was replaced or withdrawn. ${ASK_FOR_A_NEW_LINK}`;

/** Public by design: the one-time token is the authorization; it is spent with the password it sets. */
export async function completeSetupAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const token = tokenSchema.safeParse(formData.get("token"));
  if (!token.success) return { status: "error", message: LINK_GONE };
  const link = await readSetupLink(token.data);
  if (!link.ok) return { status: "error", message: LINK_GONE };
  const parsed = z
    .object({ password: newPasswordSchema({ email: link.email, name: link.name }), confirm: z.string().max(200) })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." })
    .safeParse({ password: formData.get("password"), confirm: formData.get("confirm") });
  if (!parsed.success) return invalid(parsed.error);
  const done = await completeSetupLink(token.data, parsed.data.password);
  if (!done.ok) return { status: "error", message: LINK_GONE };
  redirect("/login?password=set");
}
