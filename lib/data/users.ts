import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { unlockAccount } from "@/lib/auth/throttle";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";

export function listUsers() {
  return db.user.findMany({ orderBy: [{ disabled: "asc" }, { name: "asc" }], select: { id: true, name: true, email: true, role: true, disabled: true, createdAt: true } });
}

export class DuplicateEmailError extends Error {}
export class SelfChangeError extends Error {}

export async function createUser(actor: AuditActor, input: { name: string; email: string; role: Role; password: string }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name: input.name, email: input.email, role: input.role, passwordHash }, select: { id: true } });
      await writeAudit(tx, actor, { action: "user.create", entityType: "User", entityId: user.id, changes: { role: input.role } });
      return user.id;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new DuplicateEmailError();
    throw error;
  }
}

/** A role change revokes the user's sessions at once (sessionVersion). An admin cannot demote or disable themself. */
/** Ids compared in one spelling whatever the caller sent (ids reach here canonical; this is the backstop). */
const isSelf = (actor: AuditActor, userId: string) => userId.toLowerCase() === actor.id.toLowerCase();

export async function changeRole(actor: AuditActor, userId: string, role: Role) {
  if (isSelf(actor, userId)) throw new SelfChangeError();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!before) return false;
    await tx.user.update({ where: { id: userId }, data: { role, sessionVersion: { increment: 1 } } });
    await writeAudit(tx, actor, { action: "user.role_change", entityType: "User", entityId: userId, changes: { role: { from: before.role, to: role } } });
    return true;
  });
}

export async function setDisabled(actor: AuditActor, userId: string, disabled: boolean) {
  if (isSelf(actor, userId)) throw new SelfChangeError();
  return db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { disabled, sessionVersion: { increment: 1 } } });
    if (updated.count !== 1) return false;
    await writeAudit(tx, actor, { action: disabled ? "user.disable" : "user.enable", entityType: "User", entityId: userId });
    return true;
  });
}

/** Clears the account's sign-in throttling from every address; null when the account does not exist. */
export async function unlockUserSignIn(actor: AuditActor, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return null;
  return db.$transaction(async (tx) => {
    const cleared = await unlockAccount(user.email, tx);
    await writeAudit(tx, actor, { action: "user.unlock_sign_in", entityType: "User", entityId: userId, changes: { cleared } });
    return cleared;
  });
}
