"use server";

import { revalidatePath } from "next/cache";
import { authorizeAction } from "@/lib/auth/session";
import { setMfaRequiredRoles } from "@/lib/data/security-policy";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { mfaPolicySchema } from "@/lib/validation/user";

/** Which roles must sign in with a second factor (audited; users without one are sent to set it up). */
export async function saveMfaPolicyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = mfaPolicySchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { sessionsHeld } = await setMfaRequiredRoles(auth.user, parsed.data.roles);
  revalidatePath("/admin/users");
  return {
    status: "ok",
    message: sessionsHeld
      ? `Saved. ${sessionsHeld === 1 ? "1 open session now waits" : `${sessionsHeld} open sessions now wait`} for a second factor to be set up.`
      : "Saved.",
  };
}
