import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { claimPasswordCheck, clearAccountChecks } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { AppError, invalidField } from "@/lib/errors";
import { writeAudit } from "./audit";


/**
 * A user changes their own password: the current one is checked under the sign-in throttle (a stolen
 * session cannot be used to guess it), and every other session of the account ends.
 */
export async function changeOwnPassword(
  account: { id: string; role: Role; email: string; sessionId: string },
  current: string,
  next: string,
  ip: string | null,
): Promise<void> {
  if (!(await claimPasswordCheck(account.email, ip))) throw new AppError("THROTTLED", "Too many attempts. Try again in a few minutes.");
  const row = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, current))) {
    await db.$transaction((tx) =>
      writeAudit(tx, account, { action: "user.password_change_refused", entityType: "User", entityId: account.id, changes: { reason: "wrong_current" } }),
    );
    throw invalidField("current", "That is not your current password.");
  }
  const passwordHash = await hashPassword(next);
  await clearAccountChecks(account.email, ip);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: account.id }, data: { passwordHash, passwordSetAt: new Date() } });
    const ended = await revokeUserSessions(tx, account.id, "password_changed", account.sessionId);
    await writeAudit(tx, account, { action: "user.password_changed", entityType: "User", entityId: account.id, changes: { otherSessionsEnded: ended } });
  });
}
