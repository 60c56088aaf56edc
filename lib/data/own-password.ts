import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { claimPasswordCheck, clearAccountChecks } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { AppError, invalidField } from "@/lib/errors";
import { writeAudit } from "./audit";
import { lockUser } from "./locks";

type Account = { id: string; role: Role; email: string; sessionId: string };

/**
 * Asks for the current password before a change to one's own credentials, under the sign-in throttle:
 * a stolen session alone can neither guess it nor change a password or second factor. Refusals are audited.
 */
export async function checkOwnPassword(account: Account, password: string, ip: string | null, purpose: string): Promise<{ checkedHash: string }> {
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
  return { checkedHash: row.passwordHash! };
}

const CHANGED_MEANWHILE = "Your account was changed while you were saving (by an administrator, or in another session). Sign in again.";

/**
 * A user changes their own password: the current one is checked first, and every other session of the
 * account ends. Saved only if, at the moment of saving, the account is as it was checked: the same password,
 * role and session. Hashing takes a while, and meanwhile an administrator may have reset the password or
 * changed the role (which ends the password of an account taking up a role that sees patient data: a
 * password chosen before must not survive it).
 */
export async function changeOwnPassword(account: Account, current: string, next: string, ip: string | null): Promise<void> {
  const { checkedHash } = await checkOwnPassword(account, current, ip, "password");
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    // The account's row first, as an administrator's change takes it.
    await lockUser(tx, account.id);
    const live = await tx.userSession.count({ where: { id: account.sessionId, userId: account.id, revokedAt: null } });
    const saved = await tx.user.updateMany({
      where: { id: account.id, passwordHash: checkedHash, role: account.role, disabled: false },
      data: { passwordHash, passwordSetAt: new Date() },
    });
    if (live !== 1 || saved.count !== 1) throw new AppError("CONFLICT", CHANGED_MEANWHILE);
    const ended = await revokeUserSessions(tx, account.id, "password_changed", account.sessionId);
    await writeAudit(tx, account, { action: "user.password_changed", entityType: "User", entityId: account.id, changes: { otherSessionsEnded: ended } });
  });
}
