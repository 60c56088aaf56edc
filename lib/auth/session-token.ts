import { createHash } from "node:crypto";
import { decode, getToken } from "next-auth/jwt";

/** Auth.js's session cookie: the `__Secure-` one when the sign-in was made over HTTPS. */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

type Env = Record<string, string | undefined>;
/** The request's headers (Next's `headers()`). */
type RequestHeaders = Pick<Headers, "get">;

/**
 * The secrets Auth.js signs and reads its tokens with, as next-auth resolves them: AUTH_SECRET, else
 * NEXTAUTH_SECRET, else AUTH_SECRET_3, _2, _1 (the first one mints, each one reads). Empty without any.
 */
export function authSecrets(env: Env = process.env): string[] {
  const one = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET;
  if (one) return [one];
  return [3, 2, 1].map((i) => env[`AUTH_SECRET_${i}`]).filter((s): s is string => !!s);
}

/**
 * Whether Auth.js uses the `__Secure-` cookie for this request, decided as its `auth()` decides it: by the
 * protocol of AUTH_URL (or NEXTAUTH_URL) when set, else of the request as Next reports it
 * (X-Forwarded-Proto, which Next fills from the socket when a proxy has not), https when neither says. Never
 * by which cookies the request carries: a plain cookie on an HTTPS request is one the `__Secure-` prefix
 * exists to ignore (anyone able to plant a cookie for the host could otherwise sign a browser in as
 * themselves). Null when the protocol cannot be read (Auth.js would fail there too).
 */
export function usesSecureCookie(requestHeaders: RequestHeaders, env: Env = process.env): boolean | null {
  try {
    const envUrl = env.AUTH_URL ?? env.NEXTAUTH_URL;
    if (envUrl) return new URL(envUrl).protocol === "https:";
    const proto = requestHeaders.get("x-forwarded-proto") ?? "https";
    const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost";
    return new URL(`${proto.endsWith(":") ? proto : `${proto}:`}//${host}`).protocol === "https:";
  } catch {
    return null;
  }
}

/**
 * Tokens already verified by this process, by a SHA-256 of the secrets, the cookie's name and the token (the
 * tokens themselves are not kept), with the session id and expiry they carry. A token is immutable: once its
 * encryption and tag have been checked, the same string always decodes to the same payload, so the key
 * derivation, the tag and the decryption (most of a signed-in page's fixed cost in cryptography) run once
 * per token and process. An entry is used only until the token's own expiry; the oldest go first past the cap.
 */
const verified = new Map<string, { sid: unknown; expiresAtMs: number }>();
const MAX_VERIFIED = 10_000;

const noLogger = { error: () => {}, warn: () => {}, debug: () => {} };

/**
 * The request's session token, decrypted and verified with Auth.js's own decoder (the same cookie, key
 * derivation, secrets, JWE check and expiry as its `auth()`), from the request's cookie header alone.
 * `auth()` would also run Auth.js's session endpoint for every page and issue a new token each time, which a
 * page cannot send back and which would extend nothing: the session row the token names decides
 * (lib/auth/sessions.ts). Null without a valid, unexpired token.
 */
export async function readSessionToken(
  requestHeaders: RequestHeaders,
  secrets: string[] = authSecrets(),
  nowMs = Date.now(),
): Promise<{ sid?: unknown } | null> {
  if (secrets.length === 0) return null;
  const secure = usesSecureCookie(requestHeaders);
  if (secure === null) return null;
  // The cookie's name is also the key's salt.
  const cookieName = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  // The token as Auth.js stores it (chunks joined), from the cookie header only: getToken would otherwise
  // also take one from an Authorization header.
  const cookie = requestHeaders.get("cookie") ?? "";
  const raw = await getToken({ req: { headers: { cookie } }, secret: secrets, cookieName, secureCookie: secure, raw: true, logger: noLogger });
  if (!raw) return null;
  const key = createHash("sha256")
    .update(`${JSON.stringify(secrets)}\0${cookieName}\0${raw}`)
    .digest("base64url");
  const known = verified.get(key);
  if (known) return known.expiresAtMs > nowMs ? { sid: known.sid } : null;
  const payload = await decode({ token: raw, secret: secrets, salt: cookieName }).catch(() => null);
  if (!payload || typeof payload.exp !== "number" || payload.exp * 1000 <= nowMs) return null;
  verified.set(key, { sid: payload.sid, expiresAtMs: payload.exp * 1000 });
  if (verified.size > MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  return { sid: payload.sid };
}

/** For tests: how many verified tokens this process keeps. */
export const verifiedTokenCount = (): number => verified.size;
