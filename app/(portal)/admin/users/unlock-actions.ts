"use server";

import { revalidatePath } from "next/cache";
import { authorizeAction } from "@/lib/auth/session";
import { unlockUserSignIn } from "@/lib/data/users";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { userIdSchema } from "@/lib/validation/user";

/** Clears an account's sign-in throttling, from every address, at once (audited). */
export async function unlockSignInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = userIdSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  const cleared = await unlockUserSignIn(auth.user, parsed.data.userId);
  if (cleared === null) return denied("That account no longer exists.");
  revalidatePath("/admin/users");
  return { status: "ok", message: cleared ? "Sign-in unlocked." : "Sign-in was not throttled." };
}
