import "server-only";
import { seesPatientData } from "@/lib/auth/permissions";
import { THROTTLE, unlockAccount } from "@/lib/auth/throttle";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { lockUser } from "./locks";
import { assertMay } from "./viewer";

const DAY_MS = 24 * 60 * 60_000;

/** Why an unlock past the limit is refused (lib/auth/throttle.ts, `maxUnlocksPerDay`). */
export const UNLOCKS_SPENT =
  `This account's sign-in was unlocked ${THROTTLE.maxUnlocksPerDay} times in the last 24 hours, the most for an account that sees patient data: ` +
  "another unlock would let its password be guessed faster. It unlocks by itself when its wait ends.";

/** The account's unlocks in the 24 hours before `now`, by any administrator, as the audit trail records them. */
const unlocksSince = (tx: Tx, userId: string, now: Date) =>
  tx.auditEvent.count({ where: { action: "user.unlock_sign_in", entityId: userId, occurredAt: { gt: new Date(now.getTime() - DAY_MS) } } });

/**
 * Clears the account's sign-in throttling from every address, and its second factor's wait; the number of throttle
 * rows cleared. An account that sees patient data is unlocked at most `maxUnlocksPerDay` times in 24 hours: past
 * that, the unlock is refused as an attempt against the throttle (FORBIDDEN: recorded as an access attempt by
 * lib/actions/client.ts), and the account's waits end by themselves. Counted under the account's row lock, so two
 * administrators unlocking at once are counted one after the other.
 */
export async function unlockUserSignIn(actor: AuditActor, userId: string, now = new Date()): Promise<number> {
  assertMay(actor, "users.manage");
  return db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user) throw notFound("account");
    if (seesPatientData(user.role) && (await unlocksSince(tx, userId, now)) >= THROTTLE.maxUnlocksPerDay) throw new AppError("FORBIDDEN", UNLOCKS_SPENT);
    const cleared = await unlockAccount(user.email, tx);
    await tx.user.update({ where: { id: userId }, data: { mfaFailures: 0, mfaLockedUntil: null } });
    await writeAudit(tx, actor, { action: "user.unlock_sign_in", entityType: "User", entityId: userId, changes: { cleared } });
    return cleared;
  });
}
