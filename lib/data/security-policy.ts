import "server-only";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { confirmationsDue, needsConfirmation } from "@/lib/errors";
import { OWN_SESSION_WAITS } from "@/lib/validation/user";
import { writeAudit, type AuditActor } from "./audit";
import { assertMay } from "./viewer";

/** Roles a new clinic requires a second factor of, until an administrator says otherwise. */
export const DEFAULT_MFA_ROLES: Role[] = ["DERMATOLOGIST", "ADMIN"];

/** The roles the clinic requires a second factor of (the policy is one row). */
export async function mfaRequiredRoles(): Promise<Role[]> {
  const row = await db.securityPolicy.findUnique({ where: { id: 1 }, select: { mfaRequiredRoles: true } });
  return row?.mfaRequiredRoles ?? DEFAULT_MFA_ROLES;
}

export async function mfaRequiredFor(role: Role): Promise<boolean> {
  return (await mfaRequiredRoles()).includes(role);
}

/** What the saver confirms when the policy would hold their own session: their role, no second factor of theirs. */
const ownSessionWaits = (role: Role) => ({
  code: OWN_SESSION_WAITS,
  message:
    `${ROLE_LABELS[role]} will need a second factor, and you have none set up: once this is saved, your own session waits until you set up ` +
    "two-step sign-in, and nothing else opens until then.",
});

/**
 * Saves which roles must use a second factor. A user of a newly covered role who has none set up is sent
 * to set one up on their next request: their open sessions wait at that step (nothing else opens). When
 * that includes the saver (their role, no second factor), it is asked first (`ack`: the confirmation's
 * token) and nothing is saved until it is given; `ownHeld` then says the saver's own sessions wait too.
 */
export async function setMfaRequiredRoles(actor: AuditActor, roles: Role[], ack: readonly string[] = []): Promise<{ sessionsHeld: number; ownHeld: boolean }> {
  assertMay(actor, "users.manage");
  return db.$transaction(async (tx) => {
    const saver = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } });
    const ownHeld = roles.includes(actor.role) && saver.totpEnabledAt === null;
    const { pending, acknowledged } = confirmationsDue([ownHeld ? ownSessionWaits(actor.role) : null], ack);
    if (pending.length) throw needsConfirmation("Saving this signs you out of everything but setting up two-step sign-in.", pending);
    const before = await tx.securityPolicy.findUnique({ where: { id: 1 }, select: { mfaRequiredRoles: true } });
    await tx.securityPolicy.upsert({
      where: { id: 1 },
      create: { id: 1, mfaRequiredRoles: roles, updatedById: actor.id },
      update: { mfaRequiredRoles: roles, updatedById: actor.id, updatedAt: new Date() },
    });
    const { count } = await tx.userSession.updateMany({
      where: { revokedAt: null, stage: "ACTIVE", user: { role: { in: roles }, totpEnabledAt: null } },
      data: { stage: "ENROLL" },
    });
    // A role no longer covered: sign-ins that waited only for a set-up are complete (the password was given).
    await tx.userSession.updateMany({ where: { revokedAt: null, stage: "ENROLL", user: { role: { notIn: roles } } }, data: { stage: "ACTIVE" } });
    await writeAudit(tx, actor, {
      action: "security.policy_update",
      entityType: "SecurityPolicy",
      entityId: "1",
      changes: {
        mfaRequiredRoles: { from: before?.mfaRequiredRoles ?? DEFAULT_MFA_ROLES, to: roles },
        sessionsHeld: count,
        ...(acknowledged.length ? { confirmed: acknowledged } : {}),
      },
    });
    return { sessionsHeld: count, ownHeld };
  });
}
