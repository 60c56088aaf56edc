import { getToken } from "next-auth/jwt";

/** Auth.js's session cookie: the `__Secure-` one when the sign-in was made over HTTPS. */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

/**
 * The request's session token, decrypted and verified as Auth.js's own `auth()` does it (the same key
 * derivation, JWE check and expiry), from the request's cookie header alone. `auth()` would also run
 * Auth.js's session endpoint for every page and issue a new token each time, which a page cannot send
 * back and which would extend nothing: the session row the token names decides (lib/auth/sessions.ts).
 * Null without a valid token.
 */
export async function readSessionToken(
  cookieHeader: string,
  secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
): Promise<{ sid?: unknown } | null> {
  if (!secret) return null;
  // A browser keeps a `__Secure-` cookie only from an HTTPS response; its name is also the key's salt.
  const cookieName =
    cookieHeader.includes(`${SECURE_SESSION_COOKIE}=`) || cookieHeader.includes(`${SECURE_SESSION_COOKIE}.0=`) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  // Only the cookie header is passed: getToken would otherwise also accept a token from an Authorization header.
  const token = await getToken({
    req: { headers: { cookie: cookieHeader } },
    secret,
    cookieName,
    secureCookie: cookieName === SECURE_SESSION_COOKIE,
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  });
  return token ? { sid: token.sid } : null;
}
