import "server-only";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { verifyPassword } from "./password";
import { createSession, purgeEndedSessions } from "./sessions";
import { mfaRequiredFor } from "@/lib/data/security-policy";
import { claimPasswordCheck, clearAccountChecks, purgeExpiredThrottles } from "./throttle";

/**
 * The client's address, as the production server (scripts/server.mjs) found it: the socket's, or the one
 * a configured trusted proxy reported (TRUSTED_PROXY_HOPS). The server overwrites this header on every
 * request, so a client cannot choose it; X-Forwarded-For is never read here.
 */
export const CLIENT_IP_HEADER = "x-isotrack-client-ip";

export function clientIp(headers: Headers): string | null {
  const ip = headers.get(CLIENT_IP_HEADER)?.trim();
  return ip && ip.length <= 64 ? ip : null;
}

export type CredentialsResult = { ok: true; user: { id: string; sid: string } } | { ok: false };

/**
 * Checks a sign-in: claims a password check from the throttle first (so parallel attempts get exactly
 * the allowed number), then verifies the password. Every outcome is audited without the email or any
 * attacker-supplied string. A correct password opens a session row: complete at once, or waiting for the
 * second factor (or for its set-up, where the clinic requires one of this role).
 */
export async function checkCredentials(email: string, password: string, ip: string | null): Promise<CredentialsResult> {
  if (!(await claimPasswordCheck(email, ip))) {
    await db.$transaction((tx) => writeAudit(tx, null, { action: "auth.login_throttled", entityType: "User", changes: { reason: "throttled" } }));
    return { ok: false };
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, role: true, disabled: true, passwordHash: true, totpEnabledAt: true } });
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabled) {
    await db.$transaction((tx) =>
      writeAudit(tx, null, {
        action: "auth.login_failed",
        entityType: "User",
        entityId: user?.id ?? null,
        changes: { reason: !user ? "unknown_account" : user.disabled ? "disabled" : user.passwordHash === null ? "no_password_set" : "wrong_password" },
      }),
    );
    return { ok: false };
  }
  const stage = user.totpEnabledAt ? "MFA" : (await mfaRequiredFor(user.role)) ? "ENROLL" : "ACTIVE";
  // The throttle forgets the password's failures only once the sign-in is complete: a password that is
  // known but waits for its second factor keeps counting (lib/data/second-factor.ts completes it).
  if (stage === "ACTIVE") await clearAccountChecks(email, ip);
  await purgeExpiredThrottles();
  await purgeEndedSessions();
  const sid = await db.$transaction(async (tx) => {
    // A new sign-in replaces the account's earlier ones still waiting at their second step.
    await tx.userSession.updateMany({
      where: { userId: user.id, revokedAt: null, stage: { in: ["MFA", "ENROLL"] } },
      data: { revokedAt: new Date(), revokedWhy: "superseded" },
    });
    const id = await createSession(tx, user.id, stage);
    await writeAudit(
      tx,
      { id: user.id, role: user.role },
      { action: stage === "ACTIVE" ? "auth.login" : "auth.password_verified", entityType: "User", entityId: user.id, changes: { session: id, stage } },
    );
    return id;
  });
  return { ok: true, user: { id: user.id, sid } };
}
