import { Auth } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-token";

/**
 * readSessionToken against Auth.js itself: for each protocol and each set of cookies a browser (or someone
 * planting cookies) could send, it names a session exactly when Auth.js's session endpoint, which `auth()`
 * runs, does.
 */
const SECRET = "unit-test-secret-for-session-tokens";
const SID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
const mint = (salt: string, sid: string) => encode({ token: { sub: "u1", sid }, secret: SECRET, salt, maxAge: 3600 });
const silent = { error: () => {}, warn: () => {}, debug: () => {} };

async function authJsSid(proto: string, cookie: string): Promise<unknown> {
  const response = await Auth(new Request(`${proto}://clinic.example/api/auth/session`, { headers: { cookie } }), {
    providers: [Credentials({ credentials: {}, authorize: () => null })],
    secret: [SECRET],
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt" },
    logger: silent,
    callbacks: { session: ({ session, token }) => ({ ...session, sid: token.sid }) },
  });
  const body = (await response.json()) as { sid?: unknown } | null;
  return body?.sid ?? null;
}

describe("readSessionToken and Auth.js", () => {
  it("accept and refuse the same cookies", async () => {
    const plain = `${SESSION_COOKIE}=${await mint(SESSION_COOKIE, SID)}`;
    const secure = `${SECURE_SESSION_COOKIE}=${await mint(SECURE_SESSION_COOKIE, SID.replace("6f", "7f"))}`;
    const wrongSalt = `${SECURE_SESSION_COOKIE}=${await mint(SESSION_COOKIE, SID)}`;
    for (const proto of ["http", "https"]) {
      for (const cookie of [plain, secure, wrongSalt, `${plain}; ${secure}`, `theme=dark; ${plain}`]) {
        const ours = await readSessionToken(new Headers({ cookie, host: "clinic.example", "x-forwarded-proto": proto }), [SECRET]);
        expect({ proto, cookie, sid: ours?.sid ?? null }).toEqual({ proto, cookie, sid: await authJsSid(proto, cookie) });
      }
    }
  });
});
