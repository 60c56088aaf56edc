import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { writeAudit } from "@/lib/data/audit";
import { verifyPassword } from "./password";
import { clearAccountFailures, isThrottled, recordFailure } from "./throttle";
import type { Role } from "./permissions";

/** Idle timeout: a session unused this long expires (the cookie is re-issued on activity). */
export const IDLE_TIMEOUT_S = 30 * 60;
/** Absolute timeout: a session ends this long after login whatever the activity. */
export const ABSOLUTE_TIMEOUT_S = 12 * 60 * 60;

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

/** The same answer for an unknown account, a wrong password, a disabled account or a lock: no enumeration. */
class InvalidLogin extends CredentialsSignin {
  code = "invalid";
}

/** The client address: the last hop added by the server or the clinic's reverse proxy, not a client-supplied one. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? headers.get("x-real-ip") ?? null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_S, updateAge: 60 },
  pages: { signIn: "/login" },
  // A failed login is expected and audited; it is not a server error. Nothing identifying is logged.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin") log.info({ event: "auth.login_refused" });
      else log.error({ event: "auth.error", name: error.name, message: error.message });
    },
    warn(code) {
      log.warn({ event: "auth.warning", code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidLogin();
        const { email, password } = parsed.data;
        const ip = clientIp(request.headers);
        if (await isThrottled(email, ip)) {
          await db.$transaction((tx) => writeAudit(tx, null, { action: "auth.login_throttled", entityType: "User", changes: { reason: "throttled" } }));
          throw new InvalidLogin();
        }
        const user = await db.user.findUnique({
          where: { email },
          select: { id: true, role: true, disabled: true, passwordHash: true, sessionVersion: true },
        });
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok || user.disabled) {
          await recordFailure(email, ip);
          await db.$transaction((tx) =>
            writeAudit(tx, null, {
              action: "auth.login_failed",
              entityType: "User",
              entityId: user?.id ?? null,
              changes: { reason: !user ? "unknown_account" : user.disabled ? "disabled" : "wrong_password" },
            }),
          );
          throw new InvalidLogin();
        }
        await clearAccountFailures(email);
        await db.$transaction((tx) => writeAudit(tx, { id: user.id, role: user.role }, { action: "auth.login", entityType: "User", entityId: user.id }));
        return { id: user.id, role: user.role, sv: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; role: Role; sv: number };
        token.sub = u.id;
        token.role = u.role;
        token.sv = u.sv;
        token.loginAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        userId: token.sub,
        role: token.role,
        sv: token.sv,
        loginAt: token.loginAt,
      };
    },
  },
});
