"use server";

import { signOut } from "@/lib/auth/config";

/** Signs out: the session row is revoked (with its audit row) by the sign-out event, whichever path was used. */
export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
