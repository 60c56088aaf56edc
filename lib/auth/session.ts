import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { readSessionToken } from "./session-token";
import { loginPath, PATH_HEADER } from "./next-path";
import { can, type Permission, type Role } from "./permissions";
import { loadSession, type LiveSession } from "./sessions";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  mfaEnrolled: boolean;
  /** The session row this request runs in (a password change keeps it and ends the others). */
  sessionId: string;
}

/**
 * The session the request's token names, read from the database on every request: a token cannot be
 * revoked, its row can. Sign-out, disabling, a role change, a password change or an administrator's reset
 * revoke rows and take effect on the next request. Null when there is none or it has ended.
 */
export const getSession = cache(async (): Promise<LiveSession | null> => {
  const token = await readSessionToken(await headers());
  if (typeof token?.sid !== "string") return null;
  return loadSession(token.sid);
});

/**
 * The signed-in user, only once the sign-in is complete (second factor given where one is enrolled or
 * required). The role used for every permission check is the database's, never the token's.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getSession();
  if (!session || session.stage !== "ACTIVE") return null;
  return { ...session.user, sessionId: session.id };
});

/** A refused page or action is recorded as an attempt: who (if anyone), and which permission it lacked. */
async function recordDenied(user: CurrentUser | null, permission: Permission, kind: "page" | "action" | "route", byRule = false) {
  await db.$transaction((tx) =>
    writeAudit(tx, user ? { id: user.id, role: user.role } : null, {
      action: "access.denied",
      entityType: kind === "page" ? "Page" : kind === "action" ? "Action" : "Route",
      entityId: permission,
      ...(byRule ? { changes: { refusedBy: "rule" } } : {}),
    }),
  );
}

/**
 * An action allowed by its permission whose write a rule refused for who the caller is (the role a pregnancy
 * test's correction needs, one's own account): recorded as an attempt, as a refused permission is.
 */
export async function recordActionRefusedByRule(user: CurrentUser, permission: Permission): Promise<void> {
  await recordDenied(user, permission, "action", true);
}

/** For route handlers (downloads): a signed-in user's refused request is recorded as a page's is, before its 403. */
export async function recordRouteDenied(user: CurrentUser, permission: Permission): Promise<void> {
  await recordDenied(user, permission, "route");
}

/** To the sign-in page, which brings the user back to the page they asked for. */
async function toLogin(): Promise<never> {
  redirect(loginPath((await headers()).get(PATH_HEADER)));
}

/** For pages: a visitor goes to the login page, a signed-in user without the permission gets 403. */
export async function requirePagePermission(permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) return toLogin();
  if (!can(user.role, permission)) {
    await recordDenied(user, permission, "page");
    forbidden();
  }
  return user;
}

export async function requireSignedIn(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) return toLogin();
  return user;
}

export type Authorized = { ok: true; user: CurrentUser } | { ok: false; message: string };

/** For server actions: never throws or redirects, so the caller returns a typed denial and writes nothing. */
export async function authorizeAction(permission: Permission): Promise<Authorized> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." }; // not recorded: anyone could fill the trail
  if (!can(user.role, permission)) {
    await recordDenied(user, permission, "action");
    return { ok: false, message: "You do not have permission to do this." };
  }
  return { ok: true, user };
}
