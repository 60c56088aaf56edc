import "server-only";
import { lockedAccounts } from "@/lib/auth/throttle";
import { ROLE_LABELS, seesPatientData, type Role } from "@/lib/auth/permissions";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db";
import { AppError, conflict, invalidField, notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { lockUser } from "./locks";
import { endOpenLinks, issueSetupLink, nextLinkPurpose } from "./setup-links";
import { assertCan, assertMay, type Viewer } from "./viewer";

/** The users page's orders; the name breaks ties, and by default active accounts come before disabled ones. */
export const USER_SORTS = { name: "asc", email: "asc", role: "asc", status: "asc" } as const;
export type UserSort = keyof typeof USER_SORTS;

/**
 * The users page's rows: whether each account has a password and a second factor, and whether its sign-in is
 * locked now (password checks held, or second-factor codes held after too many wrong ones).
 */
export async function listUsers(viewer: Viewer, sort: { key: UserSort; dir: "asc" | "desc" } = { key: "status", dir: "asc" }) {
  assertCan(viewer, "users.manage");
  const first = { name: { name: sort.dir }, email: { email: sort.dir }, role: { role: sort.dir }, status: { disabled: sort.dir } }[sort.key];
  const rows = await db.user.findMany({
    orderBy: [first, { name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabled: true,
      createdAt: true,
      passwordSetAt: true,
      totpEnabledAt: true,
      mfaLockedUntil: true,
    },
  });
  const now = new Date();
  const locked = await lockedAccounts(
    rows.map((r) => r.email),
    now,
  );
  return rows.map(({ passwordSetAt, totpEnabledAt, mfaLockedUntil, ...u }) => ({
    ...u,
    passwordSet: passwordSetAt !== null,
    mfaEnrolled: totpEnabledAt !== null,
    signInLocked: locked.has(u.email) || (mfaLockedUntil !== null && mfaLockedUntil > now),
  }));
}

const SELF = "You cannot change your own role, disable your own account or reset your own credentials here. Use My account.";
const selfChange = () => new AppError("FORBIDDEN", SELF);
const gone = () => notFound("account");
/** A disabled account can neither sign in nor use a setup link (lib/data/setup-links.ts): its credentials wait until it is enabled. */
const enableFirst = () => refused("Enable the account first: a disabled account cannot sign in, nor use a setup link.");

/**
 * Creates an account without a password: no administrator ever knows a working password. The one-time
 * link its user chooses one with is returned for an account that sees no patient data (an administrator),
 * and for any account made from the command line (`actor` null: the operator of the server). An account
 * that sees patient data gets its link from a dermatologist (lib/data/account-approvals.ts), so that an
 * administrator alone can never sign in to one: `token` is null.
 */
export async function createUser(
  actor: AuditActor | null,
  input: { name: string; email: string; role: Role },
): Promise<{ userId: string; token: string | null }> {
  if (actor) assertMay(actor, "users.manage");
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name: input.name, email: input.email, role: input.role, passwordHash: null }, select: { id: true } });
      await writeAudit(tx, actor, { action: "user.create", entityType: "User", entityId: user.id, changes: { role: input.role } });
      const token = actor && seesPatientData(input.role) ? null : await issueSetupLink(tx, actor, user.id, "NEW_ACCOUNT");
      return { userId: user.id, token };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw invalidField("email", "An account with this email exists.");
    throw error;
  }
}

/** A change to a role that sees patient data ends the account's password, second factor and recovery codes. */
async function clearCredentials(tx: Tx, userId: string) {
  await tx.user.update({ where: { id: userId }, data: { passwordHash: null, passwordSetAt: null, totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
  await tx.recoveryCode.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
}

/**
 * Ends the setup links this user gave to other accounts and that are not used yet: a link a dermatologist
 * gave stands on that dermatologist's standing, so it stops when they are disabled or leave the role.
 * Returns how many.
 */
const endLinksGivenBy = (tx: Tx, userId: string): Promise<number> => endOpenLinks(tx, { createdById: userId }, "GIVER_LEFT");

/** Ids compared in one spelling whatever the caller sent (ids reach here canonical; this is the backstop). */
const isSelf = (actor: AuditActor, userId: string) => userId.toLowerCase() === actor.id.toLowerCase();

/**
 * A role change ends the user's sessions at once. An administrator cannot demote or disable themself. A
 * change to a role that sees patient data also ends the account's password and second factor: the user
 * takes the role up through a setup link a dermatologist gives, so an account an administrator holds (one
 * it made an administrator and set up itself) cannot be turned into a clinical one. The role the account
 * has already is refused (nothing would change, and its sessions would end for nothing); so is a change
 * `from` a role the account no longer has: the administrator confirmed what ends from the role the page
 * showed. A disabled account's role may change; it stays disabled. Any change ends the account's setup link not
 * used yet (its page says why): one a dermatologist gave stands for the role it was given for, and one made for
 * an administrator's account never opens another role.
 */
export async function changeRole(actor: AuditActor, userId: string, role: Role, from?: Role) {
  assertMay(actor, "users.manage");
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true } });
    if (!before) throw gone();
    if (from !== undefined && from !== before.role)
      throw conflict(`This account's role was changed meanwhile: it is ${ROLE_LABELS[before.role]} now. Reload the page to see it, then choose again.`);
    if (role === before.role) throw invalidField("role", `This account is ${ROLE_LABELS[role]} already: choose another role to change it.`);
    await tx.user.update({ where: { id: userId }, data: { role } });
    const credentialsEnded = seesPatientData(role);
    if (credentialsEnded) await clearCredentials(tx, userId);
    const setupLinkWithdrawn = (await endOpenLinks(tx, { userId }, "ROLE_CHANGE")) > 0;
    const linksEnded = before.role === "DERMATOLOGIST" ? await endLinksGivenBy(tx, userId) : 0;
    await revokeUserSessions(tx, userId, "role_change");
    const ended = {
      ...(credentialsEnded ? { credentialsEnded } : {}),
      ...(setupLinkWithdrawn ? { setupLinkWithdrawn } : {}),
      ...(linksEnded ? { linksEnded } : {}),
    };
    await writeAudit(tx, actor, {
      action: "user.role_change",
      entityType: "User",
      entityId: userId,
      changes: { role: { from: before.role, to: role }, ...ended },
    });
    return { awaitsDermatologist: credentialsEnded, setupLinkWithdrawn, disabled: before.disabled };
  });
}

export async function setDisabled(actor: AuditActor, userId: string, disabled: boolean) {
  assertMay(actor, "users.manage");
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { disabled } });
    if (updated.count !== 1) throw gone();
    await revokeUserSessions(tx, userId, disabled ? "disabled" : "enabled");
    // A setup link handed out before stays dead if the account is enabled again; so do the links it gave others.
    if (disabled) await endOpenLinks(tx, { userId }, "ACCOUNT_DISABLED");
    const linksEnded = disabled ? await endLinksGivenBy(tx, userId) : 0;
    await writeAudit(tx, actor, {
      action: disabled ? "user.disable" : "user.enable",
      entityType: "User",
      entityId: userId,
      ...(linksEnded ? { changes: { linksEnded } } : {}),
    });
  });
}

/** An account that sees patient data and has no password: it waits for the link a dermatologist gives. */
const waitsForDermatologist = () =>
  refused("This account has no password yet: it is waiting for the setup link a dermatologist gives, under Approvals. A reset would only withdraw that link.");

/**
 * An administrator's password reset: the old password stops working at once and the user's sessions end.
 * The new setup link is returned for an account that sees no patient data (for one without a password yet,
 * that is a new link replacing the one made before: `hadPassword` false); one that does gets its link from
 * a dermatologist (token null), as a new account does. Refused for such an account without a password: it
 * waits for that link already, which a reset would only withdraw.
 */
export async function resetPassword(actor: AuditActor, userId: string): Promise<{ token: string | null; hadPassword: boolean }> {
  assertMay(actor, "users.manage");
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    // Locked before its role is read: a role change committing meanwhile decides which link, if any, is given.
    await lockUser(tx, userId);
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabled: true, passwordHash: true } });
    if (!target) throw gone();
    // Its link would be refused until the account is enabled, and then work: it is given once it is enabled.
    if (target.disabled) throw enableFirst();
    const hadPassword = target.passwordHash !== null;
    if (!hadPassword && seesPatientData(target.role)) throw waitsForDermatologist();
    await tx.user.update({ where: { id: userId }, data: { passwordHash: null, passwordSetAt: null } });
    const sessions = await revokeUserSessions(tx, userId, "password_reset");
    await writeAudit(tx, actor, { action: "user.password_reset", entityType: "User", entityId: userId, changes: { sessionsEnded: sessions } });
    if (!seesPatientData(target.role)) return { token: await issueSetupLink(tx, actor, userId, "PASSWORD_RESET"), hadPassword };
    // A link handed out before stops too: the next one comes from a dermatologist.
    await endOpenLinks(tx, { userId }, "PASSWORD_RESET");
    return { token: null, hadPassword };
  });
}

/**
 * The operator's reset, from the command line (npm run user:setup-link): for the account of a clinic's first
 * dermatologist, or when no dermatologist can give a link. Whoever runs it holds the server and its
 * database already. As an administrator's reset, but the link is returned whatever the role, and the audit
 * trail names no user. Null when no enabled account has this email.
 */
export async function resetFromCommandLine(email: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE email = ${email} AND NOT disabled FOR UPDATE`;
    if (!user) return null;
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: null, passwordSetAt: null } });
    const sessions = await revokeUserSessions(tx, user.id, "password_reset");
    await writeAudit(tx, null, {
      action: "user.password_reset",
      entityType: "User",
      entityId: user.id,
      changes: { sessionsEnded: sessions, from: "command line" },
    });
    return issueSetupLink(tx, null, user.id, await nextLinkPurpose(tx, user.id));
  });
}

/**
 * For a user who lost their authenticator and recovery codes: removes the second factor and its recovery
 * codes and ends their sessions; they set up a new one at their next sign-in where the clinic requires it.
 */
export async function resetSecondFactor(actor: AuditActor, userId: string): Promise<void> {
  assertMay(actor, "users.manage");
  if (isSelf(actor, userId)) throw selfChange();
  return db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const target = await tx.user.findUnique({ where: { id: userId }, select: { disabled: true } });
    if (!target) throw gone();
    if (target.disabled) throw enableFirst();
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
    const sessions = await revokeUserSessions(tx, userId, "mfa_reset");
    await writeAudit(tx, actor, { action: "user.mfa_reset", entityType: "User", entityId: userId, changes: { sessionsEnded: sessions } });
  });
}

/** The clinicians a worklist can be filtered by: enabled dermatologists, by name. */
export function listActiveDermatologists() {
  return db.user.findMany({ where: { role: "DERMATOLOGIST", disabled: false }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
