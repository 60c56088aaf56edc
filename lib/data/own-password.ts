import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { claimPasswordCheck, clearAccountChecks } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { AppError, invalidField } from "@/lib/errors";
import { writeAudit } from "./audit";

type Account = { id: string; role: Role; email: string; sessionId: string };

/**
 * Asks for the current password before a change to one's own credentials, under the sign-in throttle:
 * a stolen session alone can neither guess it nor change a password or second factor. Refusals are audited.
 */
export async function checkOwnPassword(account: Account, password: string, ip: string | null, purpose: string): Promise<void> {
  const refuse = async (reason: string) =>
    db.$transaction((tx) =>
      writeAudit(tx, account, { action: "user.credentials_change_refused", entityType: "User", entityId: account.id, changes: { reason, purpose } }),
    );
  if (!(await claimPasswordCheck(account.email, ip))) {
    await refuse("throttled");
    throw new AppError("THROTTLED", "Too many attempts. Try again in a few minutes.");
  }
  const row = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, password))) {
    await refuse("wrong_current");
    throw invalidField("current", "That is not your current password.");
  }
  await clearAccountChecks(account.email, ip);
}

/** A user changes their own password: the current one is checked first, and every other session of the account ends. */
export async function changeOwnPassword(account: Account, current: string, next: string, ip: string | null): Promise<void> {
  await checkOwnPassword(account, current, ip, "password");
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: account.id }, data: { passwordHash, passwordSetAt: new Date() } });
    const ended = await revokeUserSessions(tx, account.id, "password_changed", account.sessionId);
    await writeAudit(tx, account, { action: "user.password_changed", entityType: "User", entityId: account.id, changes: { otherSessionsEnded: ended } });
  });
}
