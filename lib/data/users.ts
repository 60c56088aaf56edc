import "server-only";
import { unlockAccount } from "@/lib/auth/throttle";
import type { Role } from "@/lib/auth/permissions";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { AppError, invalidField, notFound } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { issueSetupLink } from "./setup-links";
import { assertCan, type Viewer } from "./viewer";

/** The users page's orders; the name breaks ties, and by default active accounts come before disabled ones. */
export const USER_SORTS = { name: "asc", email: "asc", role: "asc", status: "asc" } as const;
export type UserSort = keyof typeof USER_SORTS;

export async function listUsers(viewer: Viewer, sort: { key: UserSort; dir: "asc" | "desc" } = { key: "status", dir: "asc" }) {
  assertCan(viewer, "users.manage");
  const first = { name: { name: sort.dir }, email: { email: sort.dir }, role: { role: sort.dir }, status: { disabled: sort.dir } }[sort.key];
  const rows = await db.user.findMany({
    orderBy: [first, { name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabled: true, createdAt: true, passwordSetAt: true, totpEnabledAt: true },
  });
  return rows.map(({ passwordSetAt, totpEnabledAt, ...u }) => ({ ...u, passwordSet: passwordSetAt !== null, mfaEnrolled: totpEnabledAt !== null }));
}

const SELF = "You cannot change your own role, disable your own account or reset your own credentials here. Use My account.";
const selfChange = () => new AppError("FORBIDDEN", SELF);
const gone = () => notFound("account");

/**
 * Creates an account without a password, and the one-time link its user chooses one with: no administrator
 * ever knows a working password.
 */
export async function createUser(actor: AuditActor | null, input: { name: string; email: string; role: Role }): Promise<{ userId: string; token: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name: input.name, email: input.email, role: input.role, passwordHash: null }, select: { id: true } });
      await writeAudit(tx, actor, { action: "user.create", entityType: "User", entityId: user.id, changes: { role: input.role } });
      const token = await issueSetupLink(tx, actor, user.id, "NEW_ACCOUNT");
      return { userId: user.id, token };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw invalidField("email", "An account with this email exists.");
    throw error;
  }
}

/** Ids compared in one spelling whatever the caller sent (ids reach here canonical; this is the backstop). */
const isSelf = (actor: AuditActor, userId: string) => userId.toLowerCase() === actor.id.toLowerCase();

/** A role change ends the user's sessions at once. An administrator cannot demote or disable themself. */
export async function changeRole(actor: AuditActor, userId: string, role: Role) {
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!before) throw gone();
    await tx.user.update({ where: { id: userId }, data: { role } });
    await revokeUserSessions(tx, userId, "role_change");
    await writeAudit(tx, actor, { action: "user.role_change", entityType: "User", entityId: userId, changes: { role: { from: before.role, to: role } } });
  });
}

export async function setDisabled(actor: AuditActor, userId: string, disabled: boolean) {
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { disabled } });
    if (updated.count !== 1) throw gone();
    await revokeUserSessions(tx, userId, disabled ? "disabled" : "enabled");
    // A setup link handed out before stays dead if the account is enabled again.
    if (disabled) await tx.setupLink.updateMany({ where: { userId, usedAt: null, replacedAt: null }, data: { replacedAt: new Date() } });
    await writeAudit(tx, actor, { action: disabled ? "user.disable" : "user.enable", entityType: "User", entityId: userId });
  });
}

/** Clears the account's sign-in throttling from every address; the number of throttle rows cleared. */
export async function unlockUserSignIn(actor: AuditActor, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw gone();
  return db.$transaction(async (tx) => {
    const cleared = await unlockAccount(user.email, tx);
    // The second factor's wait too.
    await tx.user.update({ where: { id: userId }, data: { mfaFailures: 0, mfaLockedUntil: null } });
    await writeAudit(tx, actor, { action: "user.unlock_sign_in", entityType: "User", entityId: userId, changes: { cleared } });
    return cleared;
  });
}

/**
 * An administrator's password reset: the old password stops working at once, the user's sessions end, and a
 * new setup link is returned for the user to choose a password with.
 */
export async function resetPassword(actor: AuditActor, userId: string): Promise<string> {
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId }, data: { passwordHash: null, passwordSetAt: null } });
    if (count !== 1) throw gone();
    const sessions = await revokeUserSessions(tx, userId, "password_reset");
    await writeAudit(tx, actor, { action: "user.password_reset", entityType: "User", entityId: userId, changes: { sessionsEnded: sessions } });
    return issueSetupLink(tx, actor, userId, "PASSWORD_RESET");
  });
}

/**
 * For a user who lost their authenticator and recovery codes: removes the second factor and its recovery
 * codes and ends their sessions; they set up a new one at their next sign-in where the clinic requires it.
 */
export async function resetSecondFactor(actor: AuditActor, userId: string): Promise<void> {
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    if (count !== 1) throw gone();
    await tx.recoveryCode.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
    const sessions = await revokeUserSessions(tx, userId, "mfa_reset");
    await writeAudit(tx, actor, { action: "user.mfa_reset", entityType: "User", entityId: userId, changes: { sessionsEnded: sessions } });
  });
}

/** The clinicians a worklist can be filtered by: enabled dermatologists, by name. */
export function listActiveDermatologists() {
  return db.user.findMany({ where: { role: "DERMATOLOGIST", disabled: false }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
