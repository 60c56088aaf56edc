"use server";

import { signOut } from "@/lib/auth/config";
import { endSession } from "@/lib/auth/logout";
import { getSession } from "@/lib/auth/session";

/**
 * Signs out: the session row is revoked here, before the cookie is cleared (the sign-out event revokes it
 * too, for POST /api/auth/signout; Auth.js would only log a failure there). A failure here is an error page,
 * never a cookie cleared over a live session.
 */
export async function logout(): Promise<void> {
  const session = await getSession();
  if (session) await endSession(session.id);
  await signOut({ redirectTo: "/login" });
}
