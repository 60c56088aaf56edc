import { createHash } from "node:crypto";
import { decode, getToken } from "next-auth/jwt";

/** Auth.js's session cookie: the `__Secure-` one when the sign-in was made over HTTPS. */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

/**
 * Tokens already verified by this process, by a SHA-256 of the secret, the cookie's name and the token (the
 * tokens themselves are not kept), with the session id and expiry they carry. A token is immutable: once its
 * encryption and tag have been checked, the same string always decodes to the same payload, so the key
 * derivation, the tag and the decryption (most of a signed-in page's fixed cost in cryptography) run once
 * per token and process. An entry is used only until the token's own expiry; the oldest go first past the cap.
 */
const verified = new Map<string, { sid: unknown; expiresAtMs: number }>();
const MAX_VERIFIED = 10_000;

const noLogger = { error: () => {}, warn: () => {}, debug: () => {} };

/**
 * The request's session token, decrypted and verified with Auth.js's own decoder (the same key derivation,
 * JWE check and expiry as its `auth()`), from the request's cookie header alone. `auth()` would also run
 * Auth.js's session endpoint for every page and issue a new token each time, which a page cannot send back
 * and which would extend nothing: the session row the token names decides (lib/auth/sessions.ts). Null
 * without a valid, unexpired token.
 */
export async function readSessionToken(
  cookieHeader: string,
  secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  nowMs = Date.now(),
): Promise<{ sid?: unknown } | null> {
  if (!secret) return null;
  // A browser keeps a `__Secure-` cookie only from an HTTPS response; its name is also the key's salt.
  const secure = cookieHeader.includes(`${SECURE_SESSION_COOKIE}=`) || cookieHeader.includes(`${SECURE_SESSION_COOKIE}.0=`);
  const cookieName = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  // The token as Auth.js stores it (chunks joined), from the cookie header only: getToken would otherwise
  // also take one from an Authorization header.
  const raw = await getToken({ req: { headers: { cookie: cookieHeader } }, secret, cookieName, secureCookie: secure, raw: true, logger: noLogger });
  if (!raw) return null;
  const key = createHash("sha256").update(`${secret}\0${cookieName}\0${raw}`).digest("base64url");
  const known = verified.get(key);
  if (known) return known.expiresAtMs > nowMs ? { sid: known.sid } : null;
  const payload = await decode({ token: raw, secret, salt: cookieName }).catch(() => null);
  if (!payload || typeof payload.exp !== "number" || payload.exp * 1000 <= nowMs) return null;
  verified.set(key, { sid: payload.sid, expiresAtMs: payload.exp * 1000 });
  if (verified.size > MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  return { sid: payload.sid };
}

/** For tests: how many verified tokens this process keeps. */
export const verifiedTokenCount = (): number => verified.size;
