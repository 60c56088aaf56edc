import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { can, seesPatientData, type Role } from "@/lib/auth/permissions";
import type { SetupLinkEnd, SetupLinkPurpose } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";
import { lockUser } from "./locks";

/**
 * One-time setup links: the only way a password is set by anyone but its user. An administrator creating an
 * account or resetting a password gets a link to hand over; the user chooses the password on it. Only the
 * token's SHA-256 is stored, a link works once, for 72 hours, and a newer link replaces an older one.
 */
export const SETUP_LINK_HOURS = 72;

/** The shape of a token this module issues (32 random bytes, base64url); anything else names no link. */
export const SETUP_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Ends the links not used yet of an account (`userId`) or given by one (`createdById`), saying why: the page of
 * such a link tells whoever opens it (a newer link, a reset, a change of role...). Returns how many.
 */
export async function endOpenLinks(tx: Tx, of: { userId: string } | { createdById: string }, why: SetupLinkEnd, now = new Date()): Promise<number> {
  const ended = await tx.setupLink.updateMany({ where: { ...of, usedAt: null, replacedAt: null }, data: { replacedAt: now, endedWhy: why } });
  return ended.count;
}

/** `actor` null: the first administrator, created from the command line (npm run user:create-admin). */
export async function issueSetupLink(tx: Tx, actor: AuditActor | null, userId: string, purpose: SetupLinkPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await endOpenLinks(tx, { userId }, "REPLACED", now);
  await tx.setupLink.create({
    data: {
      userId,
      purpose,
      tokenHash: hashToken(token),
      createdById: actor?.id ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SETUP_LINK_HOURS * 3600_000),
    },
  });
  await writeAudit(tx, actor, { action: "user.setup_link_created", entityType: "User", entityId: userId, changes: { purpose } });
  return token;
}

/** A new account's link, or a reset's once the account has been set up through a link before. */
export async function nextLinkPurpose(tx: Tx, userId: string): Promise<SetupLinkPurpose> {
  return (await tx.setupLink.count({ where: { userId, usedAt: { not: null } } })) > 0 ? "PASSWORD_RESET" : "NEW_ACCOUNT";
}

/** What whoever is shown a link is told about it (an administrator, a dermatologist under Approvals). */
export const SETUP_LINK_NOTE = `Give this link to the user in person or by a channel you trust. It works once, for ${SETUP_LINK_HOURS} hours; the user chooses their own password.`;

/** The setup path a token opens (the token is the only secret in it). */
export const setupPath = (token: string) => `/setup/${token}`;

/**
 * Why a link does not open: unknown (no such link, or one that may not open its account), used, expired, or
 * ended unused, with why when known ("ended": before the reason was kept).
 */
export type LinkGone = "unknown" | "used" | "expired" | "replaced" | "password_reset" | "role_change" | "account_disabled" | "giver_left" | "ended";
type LinkState = { ok: true; name: string; email: string; purpose: SetupLinkPurpose } | { ok: false; reason: LinkGone };

const ENDED: Record<SetupLinkEnd, LinkGone> = {
  REPLACED: "replaced",
  PASSWORD_RESET: "password_reset",
  ROLE_CHANGE: "role_change",
  ACCOUNT_DISABLED: "account_disabled",
  GIVER_LEFT: "giver_left",
};

/**
 * A link opens an account that sees patient data only if a dermatologist gave it, or the server's operator
 * (the command line: no creator) and that dermatologist still may (not disabled, still in the role: read
 * when the link is used, whenever the giver changed). Any other (an administrator's, one made before this
 * rule, or one whose account took up such a role since) names no usable link.
 */
const givenByWhoMay = (link: { user: { role: Role }; createdBy: { role: Role; disabled: boolean } | null }) =>
  !seesPatientData(link.user.role) || link.createdBy === null || (!link.createdBy.disabled && can(link.createdBy.role, "access.approve"));

function linkState(
  link: {
    usedAt: Date | null;
    replacedAt: Date | null;
    endedWhy: SetupLinkEnd | null;
    expiresAt: Date;
    purpose: SetupLinkPurpose;
    user: { name: string; email: string; disabled: boolean; role: Role };
    createdBy: { role: Role; disabled: boolean } | null;
  } | null,
  now: Date,
): LinkState {
  if (!link || link.user.disabled || !givenByWhoMay(link)) return { ok: false, reason: "unknown" };
  if (link.usedAt) return { ok: false, reason: "used" };
  if (link.replacedAt) return { ok: false, reason: link.endedWhy ? ENDED[link.endedWhy] : "ended" };
  if (now >= link.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, name: link.user.name, email: link.user.email, purpose: link.purpose };
}

const LINK_SELECT = {
  id: true,
  userId: true,
  usedAt: true,
  replacedAt: true,
  endedWhy: true,
  expiresAt: true,
  purpose: true,
  user: { select: { name: true, email: true, role: true, disabled: true } },
  createdBy: { select: { role: true, disabled: true } },
} as const;

/** What the setup page may show about a token: whose account, or why the link no longer works. */
export async function readSetupLink(token: string, now = new Date()): Promise<LinkState> {
  const link = await db.setupLink.findUnique({ where: { tokenHash: hashToken(token) }, select: LINK_SELECT });
  return linkState(link, now);
}

/**
 * Sets the password a setup link was made for, once: the link is spent, any open session of the account ends,
 * and the change is audited as the user's own.
 */
export async function completeSetupLink(token: string, password: string, now = new Date()): Promise<LinkState> {
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const found = await tx.setupLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
    if (!found) return { ok: false, reason: "unknown" } as const;
    // The user's row first, then the link's, in the order an administrator's reset takes them (no
    // deadlock); the link's lock makes two submissions race for it: the second finds it used.
    await lockUser(tx, found.userId);
    await tx.$queryRaw`SELECT id FROM setup_links WHERE id = ${found.id}::uuid FOR UPDATE`;
    const link = await tx.setupLink.findUniqueOrThrow({ where: { id: found.id }, select: LINK_SELECT });
    const state = linkState(link, now);
    if (!state.ok) return state;
    await tx.setupLink.update({ where: { id: link.id }, data: { usedAt: now } });
    await tx.user.update({ where: { id: link.userId }, data: { passwordHash, passwordSetAt: now } });
    await revokeUserSessions(tx, link.userId, "password_set", undefined, now);
    await writeAudit(
      tx,
      { id: link.userId, role: link.user.role },
      { action: "user.password_set", entityType: "User", entityId: link.userId, changes: { via: link.purpose } },
    );
    return state;
  });
}
