import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { log } from "@/lib/log";
import { checkCredentials, clientIp } from "./login";
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

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_S, updateAge: 60 },
  pages: { signIn: "/login" },
  // A failed login is expected and audited; it is not a server error. Nothing identifying is logged.
  logger: {
    error(error) {
      // By type, not name: the production build minifies class names.
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") log.info({ event: "auth.login_refused" });
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
        const result = await checkCredentials(email, password, clientIp(request.headers));
        if (!result.ok) throw new InvalidLogin();
        return result.user;
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
