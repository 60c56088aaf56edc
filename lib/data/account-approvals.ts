import "server-only";
import { PATIENT_DATA_ROLES } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { AuditActor } from "./audit";
import { lockUser } from "./locks";
import { issueSetupLink, nextLinkPurpose } from "./setup-links";
import { assertCan, type Viewer } from "./viewer";

/**
 * The second person of the two-person rule for accounts that see patient data (README, "Security"): an
 * administrator creates the account, resets its password or changes it to such a role, and is given no
 * setup link; a dermatologist, who knows the clinic's clinicians, gives the link to the user. Neither can
 * sign in to the account alone: the administrator has no link, the dermatologist holds no account.
 */

/** Accounts waiting for a dermatologist's setup link: enabled, seeing patient data, without a password. */
const waiting = (): Prisma.UserWhereInput => ({ role: { in: [...PATIENT_DATA_ROLES] }, disabled: false, passwordHash: null });

/** How many accounts wait for their setup link (the dashboard's notice). */
export async function countAccountsAwaitingSetup(viewer: Viewer): Promise<number> {
  assertCan(viewer, "access.approve");
  return db.user.count({ where: waiting() });
}

/**
 * The accounts waiting, oldest first, with who asked for them (the administrator's last change of the
 * account) and the link given so far, if it is still open: never a token.
 */
export async function listAccountsAwaitingSetup(viewer: Viewer) {
  assertCan(viewer, "access.approve");
  const users = await db.user.findMany({
    where: waiting(),
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      updatedAt: true,
      setupLinks: {
        where: { usedAt: null, replacedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { createdAt: true, expiresAt: true, createdBy: { select: { name: true } } },
      },
    },
  });
  const everSetUp = new Set(
    (
      await db.setupLink.findMany({ where: { userId: { in: users.map((u) => u.id) }, usedAt: { not: null } }, select: { userId: true }, distinct: ["userId"] })
    ).map((l) => l.userId),
  );
  return users.map(({ setupLinks, ...u }) => ({
    ...u,
    /** A new account, or one whose password an administrator reset (or whose role it changed). */
    kind: everSetUp.has(u.id) ? ("RESET" as const) : ("NEW" as const),
    openLink: setupLinks[0] ? { givenAt: setupLinks[0].createdAt, expiresAt: setupLinks[0].expiresAt, givenBy: setupLinks[0].createdBy?.name ?? "" } : null,
  }));
}

/**
 * A dermatologist gives the setup link of an account waiting for one: a new link (replacing one given
 * before), returned once to hand to the user in person. Refused for an account that is not waiting (it has
 * a password, is disabled or sees no patient data) and for the dermatologist's own account.
 */
export async function giveSetupLink(actor: AuditActor, userId: string): Promise<string> {
  assertCan(actor, "access.approve");
  if (userId.toLowerCase() === actor.id.toLowerCase()) throw new AppError("FORBIDDEN", "Another dermatologist gives you your own setup link.");
  return db.$transaction(async (tx) => {
    // The account's row first, as the setup page's completion and an administrator's reset take it.
    await lockUser(tx, userId);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true, passwordHash: true } });
    if (!user) throw notFound("account");
    if (user.disabled || user.passwordHash !== null || !PATIENT_DATA_ROLES.includes(user.role))
      throw conflict("This account is not waiting for a setup link: it has a password, is disabled, or is an administrator's.");
    return issueSetupLink(tx, actor, userId, await nextLinkPurpose(tx, userId));
  });
}
