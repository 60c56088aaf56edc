import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { log } from "@/lib/log";
import { checkCredentials, clientIp } from "./login";
import { endSession } from "./logout";
import { ABSOLUTE_TIMEOUT_S, claimRotation } from "./sessions";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(200) });

/** The same answer for an unknown account, a wrong password, a disabled account or a lock: no enumeration. */
class InvalidLogin extends CredentialsSignin {
  code = "invalid";
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  trustHost: true,
  // The token only names a session row (lib/auth/sessions.ts), which decides: revocation, the sliding idle
  // timeout and the absolute timeout are checked there on every request. The cookie lives as long as the
  // absolute timeout; Auth.js may re-issue it (its session endpoint does), which extends nothing: the row's
  // own end is fixed at sign-in.
  session: { strategy: "jwt", maxAge: ABSOLUTE_TIMEOUT_S, updateAge: ABSOLUTE_TIMEOUT_S },
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
  // Every way out (the portal's sign-out button and POST /api/auth/signout alike) revokes the session row.
  events: {
    async signOut(message) {
      const sid = "token" in message ? (message.token as { sid?: unknown } | null)?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
  },
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        const u = user as { id: string; sid: string };
        token.sub = u.id;
        token.sid = u.sid;
      }
      // A sign-in completed at its second step continues under a new session id (lib/auth/sessions.ts
      // rotateSession). The token moves to it only along that link, once, claimed in the database: an
      // update from anywhere else (Auth.js's session endpoint accepts one from the browser) changes nothing.
      if (trigger === "update") {
        const next = (session as { rotatedSid?: unknown } | null | undefined)?.rotatedSid;
        if (typeof next === "string" && typeof token.sid === "string" && (await claimRotation(next, token.sid))) token.sid = next;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid };
    },
  },
});
