import "server-only";
import { decryptSecret, encryptSecret, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, verifyTotp } from "@/lib/auth/mfa";
import type { Role } from "@/lib/auth/permissions";
import { MAX_MFA_FAILURES, revokeSession, revokeUserSessions, rotateSession } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";
import { AppError, invalidField, refused } from "@/lib/errors";
import { log } from "@/lib/log";
import { writeAudit } from "./audit";
import { lockUser } from "./locks";
import { mfaRequiredFor } from "./security-policy";

type Account = { id: string; role: Role; email: string };

/**
 * Wrong codes are counted per account, across every session and every form that asks for a code: past
 * five in a row the account waits before its next code is checked (1, 2, 4… minutes, at most an hour), so a
 * known password does not buy unlimited guesses. A right code, or an administrator's unlock, starts again.
 */
export const FREE_CODE_FAILURES = 5;
export const codeLockMs = (failures: number) => (failures < FREE_CODE_FAILURES ? 0 : Math.min(60, 2 ** (failures - FREE_CODE_FAILURES)) * 60_000);

/**
 * A set-up in progress: the new secret travels with the form, encrypted and bound to the account and the
 * session, until a code from the authenticator proves the user holds it. Nothing is stored before that.
 */
export function beginEnrollment(account: Account, sessionId: string): { secret: string; pending: string } {
  const secret = newTotpSecret();
  return { secret, pending: encryptSecret(JSON.stringify({ userId: account.id, sessionId, secret, at: Date.now() })) };
}

const PENDING_VALID_MS = 30 * 60_000;

function readPending(account: Account, sessionId: string, pending: string): string | null {
  try {
    const p = JSON.parse(decryptSecret(pending)) as { userId?: unknown; sessionId?: unknown; secret?: unknown; at?: unknown };
    if (p.userId !== account.id || p.sessionId !== sessionId || typeof p.secret !== "string" || typeof p.at !== "number") return null;
    return Date.now() - p.at < PENDING_VALID_MS ? p.secret : null;
  } catch {
    return null;
  }
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  return codes;
}

const WRONG_CODE = "That code is not right, or it was already used. Check the time on your phone and try the next code.";
const LOCKED = "Too many wrong codes for this account. Wait a few minutes, then try again.";

/**
 * Confirms a set-up with a code from the authenticator: stores the secret (encrypted), issues ten recovery
 * codes (returned once, stored hashed), and ends the account's other sessions. A sign-in that was waiting for
 * the set-up now waits at its second step (MFA), and is completed only when the user goes on from the codes
 * (completeSignInAfterSetUp), with what the set-up's answer sealed; no session completes it meanwhile, so
 * nothing a copy of the waiting token could learn opens one, and a page reloaded before going on asks for a
 * code. Refused when the account already has a second factor (a set-up left open elsewhere cannot replace it).
 */
export async function confirmEnrollment(
  account: Account,
  sessionId: string,
  pending: string,
  code: string,
): Promise<{ recoveryCodes: string[]; signInWaits: boolean }> {
  const secret = readPending(account, sessionId, pending);
  if (!secret) throw refused("This set-up has expired. Reload the page and scan the new code.");
  const step = await verifyTotp(secret, code.replace(/\s/g, ""), null);
  if (step === null) {
    await db.$transaction((tx) =>
      writeAudit(tx, account, { action: "user.mfa_enroll_failed", entityType: "User", entityId: account.id, changes: { session: sessionId } }),
    );
    throw invalidField("code", WRONG_CODE);
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: account.id, totpEnabledAt: null },
      data: { totpSecret: encryptSecret(secret), totpEnabledAt: new Date(), totpLastStep: step, mfaFailures: 0, mfaLockedUntil: null },
    });
    if (count !== 1) throw refused("Two-step sign-in is already set up for this account.");
    const recoveryCodes = await replaceRecoveryCodes(tx, account.id);
    // A sign-in waiting for its set-up now waits at its second step; a signed-in session goes on as it is.
    const { count: waiting } = await tx.userSession.updateMany({
      where: { id: sessionId, userId: account.id, revokedAt: null, stage: "ENROLL" },
      data: { stage: "MFA" },
    });
    const ended = await revokeUserSessions(tx, account.id, "mfa_enrolled", sessionId);
    await writeAudit(tx, account, {
      action: "user.mfa_enrolled",
      entityType: "User",
      entityId: account.id,
      changes: { session: sessionId, otherSessionsEnded: ended },
    });
    return { recoveryCodes, signInWaits: waiting === 1 };
  });
}

/**
 * Completes a sign-in whose second factor was just set up (confirmEnrollment), when the user goes on from the
 * recovery codes with what the set-up's answer sealed for this session (the caller checks it): under a new
 * session id, as a code at the second step completes one, audited as a sign-in. Null when the sign-in has
 * ended (revoked, timed out, or already completed).
 */
export async function completeSignInAfterSetUp(account: Account, sessionId: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await lockUser(tx, account.id);
    const session = await tx.userSession.findFirst({ where: { id: sessionId, userId: account.id, revokedAt: null, stage: "MFA" }, select: { id: true } });
    const enrolled = await tx.user.count({ where: { id: account.id, totpEnabledAt: { not: null } } });
    if (!session || enrolled !== 1) return null;
    const next = await rotateSession(tx, sessionId);
    if (!next) return null;
    await writeAudit(tx, account, {
      action: "auth.login",
      entityType: "User",
      entityId: account.id,
      changes: { session: next, rotatedFrom: sessionId, secondFactor: "enrolled" },
    });
    return next;
  });
}

type Spent = "totp" | "recovery" | "wrong" | "locked";

/**
 * Checks a TOTP or recovery code inside the caller's transaction, under a lock on the account's row (two
 * codes checked at once cannot both pass the replay check, and the count of wrong codes is exact). The
 * caller commits whatever the outcome, so that a wrong code stays counted.
 */
async function spendCode(tx: Tx, userId: string, code: string, now = new Date()): Promise<Spent> {
  await lockUser(tx, userId);
  const factor = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecret: true, totpLastStep: true, mfaFailures: true, mfaLockedUntil: true },
  });
  if (factor.mfaLockedUntil && factor.mfaLockedUntil > now) return "locked";
  let used: Spent = "wrong";
  const trimmed = code.trim();
  if (factor.totpSecret && looksLikeRecoveryCode(trimmed)) {
    const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null }, data: { usedAt: now } });
    if (count === 1) used = "recovery";
  } else if (factor.totpSecret) {
    let secret: string | null = null;
    try {
      secret = decryptSecret(factor.totpSecret);
    } catch {
      log.error({ event: "mfa.secret_unreadable" }); // the key changed: the user needs an administrator's reset
    }
    const step = secret ? await verifyTotp(secret, trimmed.replace(/\s/g, ""), factor.totpLastStep === null ? null : Number(factor.totpLastStep)) : null;
    if (step !== null) {
      await tx.user.update({ where: { id: userId }, data: { totpLastStep: step } });
      used = "totp";
    }
  }
  const failures = used === "wrong" ? factor.mfaFailures + 1 : 0;
  const lockMs = codeLockMs(failures);
  await tx.user.update({ where: { id: userId }, data: { mfaFailures: failures, mfaLockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null } });
  return used;
}

export type VerifyResult = { ok: true; sessionId: string; recoveryCodesLeft: number | null } | { ok: false; ended: boolean; locked?: boolean };

/**
 * The second step of a sign-in. A right code completes the session; a wrong one counts for the session
 * (the fifth ends it, and the password is asked again under its own throttle) and for the account.
 */
export async function verifySecondFactor(account: Account, sessionId: string, code: string): Promise<VerifyResult> {
  return db.$transaction(async (tx) => {
    await lockUser(tx, account.id);
    const session = await tx.userSession.findUnique({ where: { id: sessionId }, select: { userId: true, stage: true, revokedAt: true } });
    if (!session || session.userId !== account.id || session.revokedAt || session.stage !== "MFA") return { ok: false, ended: true };
    const used = await spendCode(tx, account.id, code);
    if (used === "locked") return { ok: false, ended: false, locked: true };
    if (used === "totp" || used === "recovery") {
      // The sign-in continues under a new session id: the token that waited for the code opens nothing.
      const next = await rotateSession(tx, sessionId);
      if (!next) return { ok: false, ended: true };
      await writeAudit(tx, account, {
        action: "auth.login",
        entityType: "User",
        entityId: account.id,
        changes: { session: next, rotatedFrom: sessionId, secondFactor: used },
      });
      const left = used === "recovery" ? await tx.recoveryCode.count({ where: { userId: account.id, usedAt: null } }) : null;
      return { ok: true, sessionId: next, recoveryCodesLeft: left };
    }
    const { mfaFailures } = await tx.userSession.update({ where: { id: sessionId }, data: { mfaFailures: { increment: 1 } }, select: { mfaFailures: true } });
    const ended = mfaFailures >= MAX_MFA_FAILURES;
    if (ended) await revokeSession(tx, sessionId, "mfa_failures");
    await writeAudit(tx, account, {
      action: "auth.mfa_failed",
      entityType: "User",
      entityId: account.id,
      changes: { session: sessionId, failures: mfaFailures, ended },
    });
    return { ok: false, ended };
  });
}

/** Checks a current code for a change on My account: a wrong one is counted and audited, then refused. */
async function withCurrentCode<T>(account: Account, code: string, change: (tx: Tx) => Promise<T>): Promise<T> {
  const outcome = await db.$transaction(async (tx) => {
    const used = await spendCode(tx, account.id, code);
    if (used !== "totp") {
      if (used === "wrong" || used === "recovery")
        await writeAudit(tx, account, { action: "auth.mfa_failed", entityType: "User", entityId: account.id, changes: { on: "account" } });
      return { used } as const;
    }
    return { used, value: await change(tx) } as const;
  });
  if (outcome.used === "locked") throw new AppError("THROTTLED", LOCKED);
  if (outcome.used !== "totp") throw invalidField("code", WRONG_CODE);
  return outcome.value;
}

/** New recovery codes (the old ones stop working), after a current code proves the authenticator is at hand. */
export async function regenerateRecoveryCodes(account: Account, code: string): Promise<string[]> {
  return withCurrentCode(account, code, async (tx) => {
    const codes = await replaceRecoveryCodes(tx, account.id);
    await writeAudit(tx, account, { action: "user.recovery_codes_replaced", entityType: "User", entityId: account.id });
    return codes;
  });
}

/** Removes one's own second factor, with a current code; refused where the clinic requires one for the role. */
export async function removeOwnSecondFactor(account: Account & { sessionId: string }, code: string): Promise<void> {
  if (await mfaRequiredFor(account.role)) throw new AppError("FORBIDDEN", "Your clinic requires two-step sign-in for your role.");
  await withCurrentCode(account, code, async (tx) => {
    await tx.user.update({ where: { id: account.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.updateMany({ where: { userId: account.id, usedAt: null }, data: { usedAt: new Date() } });
    const ended = await revokeUserSessions(tx, account.id, "mfa_removed", account.sessionId);
    await writeAudit(tx, account, { action: "user.mfa_removed", entityType: "User", entityId: account.id, changes: { otherSessionsEnded: ended } });
  });
}

export async function recoveryCodesLeft(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** Ends every session of the account but the one asking, with its audit row; how many ended. */
export async function revokeOtherSessions(account: Account & { sessionId: string }): Promise<number> {
  return db.$transaction(async (tx) => {
    const count = await revokeUserSessions(tx, account.id, "signed_out_elsewhere", account.sessionId);
    await writeAudit(tx, account, { action: "user.sessions_revoked", entityType: "User", entityId: account.id, changes: { sessionsEnded: count } });
    return count;
  });
}
