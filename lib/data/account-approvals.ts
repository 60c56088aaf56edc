import "server-only";
import { PATIENT_DATA_ROLES, type Role } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
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

/** What put an account in the waiting list: its creation, a role change, or a password reset. */
export interface AccessRequest {
  action: "CREATED" | "ROLE_CHANGED" | "PASSWORD_RESET";
  at: Date;
  /** The administrator who asked; null for a reset from the command line (npm run user:reset), which names no one. */
  by: string | null;
  /** A role change's role before; null otherwise. */
  fromRole: Role | null;
  /** The role asked for: a new account's or a role change's; null for a reset. */
  toRole: Role | null;
}

const REQUEST_ACTIONS = { "user.create": "CREATED", "user.role_change": "ROLE_CHANGED", "user.password_reset": "PASSWORD_RESET" } as const;

/**
 * Each account's latest request, from the administrator's own audit row (written in the same transaction as the
 * change): absent for an account written outside the portal. The actions are written out as the partial index
 * audit_events_user_requests_idx has them, so that it serves the query on a trail of millions of rows.
 */
async function latestRequests(userIds: string[]): Promise<Map<string, AccessRequest>> {
  const rows = await db.$queryRaw<{ entity_id: string; action: keyof typeof REQUEST_ACTIONS; occurred_at: Date; actor: string | null; changes: unknown }[]>`
    SELECT DISTINCT ON (e.entity_id) e.entity_id, e.action, e.occurred_at, u.name AS actor, e.changes
    FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.entity_type = 'User' AND e.action IN ('user.create', 'user.role_change', 'user.password_reset') AND e.entity_id = ANY(${userIds}::text[])
    ORDER BY e.entity_id, e.id DESC`;
  return new Map(
    rows.map((r) => {
      const role = (r.changes as { role?: Role | { from: Role; to: Role } } | null)?.role;
      const change = typeof role === "object" ? role : null;
      const request: AccessRequest = {
        action: REQUEST_ACTIONS[r.action],
        at: r.occurred_at,
        by: r.actor,
        fromRole: change?.from ?? null,
        toRole: change?.to ?? (typeof role === "string" ? role : null),
      };
      return [r.entity_id, request];
    }),
  );
}

/**
 * The accounts waiting, oldest first, with who asked for them, when and for what (the administrator's last
 * creation, role change or reset of the account: `request`, null when none was recorded) and the link given so
 * far, if it is still open: never a token.
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
  const ids = users.map((u) => u.id);
  const [setUp, requests] = await Promise.all([
    db.setupLink.findMany({ where: { userId: { in: ids }, usedAt: { not: null } }, select: { userId: true }, distinct: ["userId"] }),
    latestRequests(ids),
  ]);
  const everSetUp = new Set(setUp.map((l) => l.userId));
  return users.map(({ setupLinks, ...u }) => ({
    ...u,
    /** A new account, or one whose password an administrator reset (or whose role it changed). */
    kind: everSetUp.has(u.id) ? ("RESET" as const) : ("NEW" as const),
    request: requests.get(u.id) ?? null,
    openLink: setupLinks[0] ? { givenAt: setupLinks[0].createdAt, expiresAt: setupLinks[0].expiresAt, givenBy: setupLinks[0].createdBy?.name ?? "" } : null,
  }));
}

/**
 * Whether this user asked for the account's access (created it, changed its role, reset its password) since the
 * account last set a password (its own `user.password_set` or `user.password_changed` row): the administrator who
 * asked is not its second person, whatever their role now. The request actions are written out as the partial
 * index audit_events_user_requests_idx has them.
 */
async function askedForAccess(tx: Tx, userId: string, askerId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM audit_events e
    WHERE e.entity_type = 'User' AND e.action IN ('user.create', 'user.role_change', 'user.password_reset') AND e.entity_id = ${userId}::uuid::text
      AND e.actor_id = ${askerId}::uuid
      AND e.id > COALESCE((SELECT max(p.id) FROM audit_events p WHERE p.actor_id = ${userId}::uuid AND p.entity_type = 'User'
        AND p.entity_id = ${userId}::uuid::text AND p.action IN ('user.password_set', 'user.password_changed')), 0)
    LIMIT 1`;
  return rows.length > 0;
}

/**
 * A dermatologist gives the setup link of an account waiting for one: a new link (replacing one given
 * before), returned once to hand to the user in person. `role` is the role the page showed and the
 * dermatologist confirmed: refused once the account has another. Refused for an account that is not waiting
 * (it has a password, is disabled or sees no patient data), for the dermatologist's own account, and for one
 * whose access the dermatologist asked for as an administrator.
 */
export async function giveSetupLink(actor: AuditActor, userId: string, role: Role): Promise<string> {
  assertCan(actor, "access.approve");
  if (userId.toLowerCase() === actor.id.toLowerCase()) throw new AppError("FORBIDDEN", "Another dermatologist gives you your own setup link.");
  return db.$transaction(async (tx) => {
    // The account's row first, as the setup page's completion and an administrator's reset and role change take it.
    await lockUser(tx, userId);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true, passwordHash: true } });
    if (!user) throw notFound("account");
    if (user.disabled || user.passwordHash !== null || !PATIENT_DATA_ROLES.includes(user.role))
      throw conflict("This account is not waiting for a setup link: it has a password, is disabled, or is an administrator's.");
    if (user.role !== role) throw conflict("This account's role changed since you opened the page: check it again.");
    if (await askedForAccess(tx, userId, actor.id))
      throw new AppError("FORBIDDEN", "You asked for this account's change: another dermatologist gives its setup link.");
    return issueSetupLink(tx, actor, userId, await nextLinkPurpose(tx, userId));
  });
}
