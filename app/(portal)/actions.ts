"use server";

import { signOut } from "@/lib/auth/config";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";

/** Ends the session everywhere: bumping sessionVersion invalidates every token this user holds. */
export async function logout(): Promise<void> {
  const user = await getCurrentUser();
  if (user) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
      await writeAudit(tx, user, { action: "auth.logout", entityType: "User", entityId: user.id });
    });
  }
  await signOut({ redirectTo: "/login" });
}
