import "server-only";
import { decryptSecret, encryptSecret, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, verifyTotp } from "@/lib/auth/mfa";
import type { Role } from "@/lib/auth/permissions";
import { MAX_MFA_FAILURES, revokeSession, revokeUserSessions } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";
import { AppError, invalidField, refused } from "@/lib/errors";
import { writeAudit } from "./audit";
import { mfaRequiredFor } from "./security-policy";

type Account = { id: string; role: Role; email: string };

/**
 * A set-up in progress: the new secret travels with the form, encrypted and bound to the account, until a
 * code from the authenticator proves the user holds it. Nothing is stored before that.
 */
export function beginEnrollment(account: Account): { secret: string; pending: string } {
  const secret = newTotpSecret();
  return { secret, pending: encryptSecret(JSON.stringify({ userId: account.id, secret, at: Date.now() })) };
}

const PENDING_VALID_MS = 30 * 60_000;

function readPending(account: Account, pending: string): string | null {
  try {
    const parsed = JSON.parse(decryptSecret(pending)) as { userId?: unknown; secret?: unknown; at?: unknown };
    if (parsed.userId !== account.id || typeof parsed.secret !== "string" || typeof parsed.at !== "number") return null;
    return Date.now() - parsed.at < PENDING_VALID_MS ? parsed.secret : null;
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
const wrongCode = () => invalidField("code", WRONG_CODE);

/**
 * Confirms a set-up with a code from the authenticator: stores the secret (encrypted), issues ten recovery
 * codes (returned once, stored hashed) and completes the sign-in that was waiting for it.
 */
export async function confirmEnrollment(account: Account, sessionId: string, pending: string, code: string): Promise<string[]> {
  const secret = readPending(account, pending);
  if (!secret) throw refused("This set-up has expired. Reload the page and scan the new code.");
  const step = await verifyTotp(secret, code.replace(/\s/g, ""), null);
  if (step === null) throw wrongCode();
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: account.id }, data: { totpSecret: encryptSecret(secret), totpEnabledAt: new Date(), totpLastStep: step } });
    const recoveryCodes = await replaceRecoveryCodes(tx, account.id);
    await tx.userSession.updateMany({ where: { id: sessionId, userId: account.id, revokedAt: null, stage: "ENROLL" }, data: { stage: "ACTIVE" } });
    await writeAudit(tx, account, { action: "user.mfa_enrolled", entityType: "User", entityId: account.id });
    return recoveryCodes;
  });
}

/** Locks the account's row so that two codes checked at once cannot both pass the replay check. */
async function lockedSecondFactor(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true } });
}

/** Checks a TOTP or recovery code for the account inside the caller's transaction, spending what it uses. */
async function spendCode(tx: Tx, userId: string, code: string): Promise<"totp" | "recovery" | null> {
  const factor = await lockedSecondFactor(tx, userId);
  if (!factor.totpSecret) return null;
  const trimmed = code.trim();
  if (looksLikeRecoveryCode(trimmed)) {
    const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null }, data: { usedAt: new Date() } });
    return count === 1 ? "recovery" : null;
  }
  const lastStep = factor.totpLastStep === null ? null : Number(factor.totpLastStep);
  const step = await verifyTotp(decryptSecret(factor.totpSecret), trimmed.replace(/\s/g, ""), lastStep);
  if (step === null) return null;
  await tx.user.update({ where: { id: userId }, data: { totpLastStep: step } });
  return "totp";
}

export type VerifyResult = { ok: true; recoveryCodesLeft: number | null } | { ok: false; ended: boolean };

/**
 * The second step of a sign-in. A right code completes the session; a wrong one counts, and the fifth ends
 * the sign-in (the password is asked again, under its own throttle).
 */
export async function verifySecondFactor(account: Account, sessionId: string, code: string): Promise<VerifyResult> {
  return db.$transaction(async (tx) => {
    const used = await spendCode(tx, account.id, code);
    if (used) {
      const { count } = await tx.userSession.updateMany({
        where: { id: sessionId, userId: account.id, revokedAt: null, stage: "MFA" },
        data: { stage: "ACTIVE" },
      });
      if (count !== 1) return { ok: false, ended: true };
      await writeAudit(tx, account, { action: "auth.login", entityType: "User", entityId: account.id, changes: { session: sessionId, secondFactor: used } });
      const left = used === "recovery" ? await tx.recoveryCode.count({ where: { userId: account.id, usedAt: null } }) : null;
      return { ok: true, recoveryCodesLeft: left };
    }
    const session = await tx.userSession.update({ where: { id: sessionId }, data: { mfaFailures: { increment: 1 } }, select: { mfaFailures: true } });
    const ended = session.mfaFailures >= MAX_MFA_FAILURES;
    if (ended) await revokeSession(tx, sessionId, "mfa_failures");
    await writeAudit(tx, account, {
      action: "auth.mfa_failed",
      entityType: "User",
      entityId: account.id,
      changes: { session: sessionId, failures: session.mfaFailures, ended },
    });
    return { ok: false, ended };
  });
}

/** New recovery codes (the old ones stop working), after a current code proves the authenticator is at hand. */
export async function regenerateRecoveryCodes(account: Account, code: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    if ((await spendCode(tx, account.id, code)) !== "totp") throw wrongCode();
    const codes = await replaceRecoveryCodes(tx, account.id);
    await writeAudit(tx, account, { action: "user.recovery_codes_replaced", entityType: "User", entityId: account.id });
    return codes;
  });
}

/** Removes one's own second factor, with a current code; refused where the clinic requires one for the role. */
export async function removeOwnSecondFactor(account: Account, code: string): Promise<void> {
  if (await mfaRequiredFor(account.role)) throw new AppError("FORBIDDEN", "Your clinic requires two-step sign-in for your role.");
  return db.$transaction(async (tx) => {
    if ((await spendCode(tx, account.id, code)) !== "totp") throw wrongCode();
    await tx.user.update({ where: { id: account.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.updateMany({ where: { userId: account.id, usedAt: null }, data: { usedAt: new Date() } });
    await writeAudit(tx, account, { action: "user.mfa_removed", entityType: "User", entityId: account.id });
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
