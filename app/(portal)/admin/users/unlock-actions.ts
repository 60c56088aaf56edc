"use server";

import { defineAction } from "@/lib/actions/client";
import { unlockUserSignIn } from "@/lib/data/unlock-sign-in";
import { userIdSchema } from "@/lib/validation/user";

/** Clears an account's sign-in throttling, from every address, at once (audited). */
export const unlockSignInAction = defineAction({
  permission: "users.manage",
  schema: userIdSchema,
  revalidate: ["/admin/users"],
  run: async (input, { user }) => ((await unlockUserSignIn(user, input.userId)) ? "Sign-in unlocked." : "Sign-in was not throttled."),
});
