import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { ABSOLUTE_TIMEOUT_S, auth } from "./config";
import { can, type Permission, type Role } from "./permissions";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/**
 * The signed-in user, re-read from the database on every request: a JWT cannot be revoked, so a disabled
 * account, a changed role or a logout (all bump sessionVersion) take effect on the next request. The role
 * used for every permission check is the database's, never the token's.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = (await auth()) as { userId?: string; sv?: number; loginAt?: number } | null;
  if (!session?.userId || typeof session.sv !== "number") return null;
  if (typeof session.loginAt !== "number" || Date.now() / 1000 - session.loginAt > ABSOLUTE_TIMEOUT_S) return null;
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, name: true, email: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || user.disabled || user.sessionVersion !== session.sv) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
});

/** A refused page or action is recorded as an attempt: who (if anyone), and which permission it lacked. */
async function recordDenied(user: CurrentUser | null, permission: Permission, kind: "page" | "action") {
  await db.$transaction((tx) =>
    writeAudit(tx, user ? { id: user.id, role: user.role } : null, {
      action: "access.denied",
      entityType: kind === "page" ? "Page" : "Action",
      entityId: permission,
    }),
  );
}

/** For pages: a visitor goes to the login page, a signed-in user without the permission gets 403. */
export async function requirePagePermission(permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!can(user.role, permission)) {
    await recordDenied(user, permission, "page");
    forbidden();
  }
  return user;
}

export async function requireSignedIn(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
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
