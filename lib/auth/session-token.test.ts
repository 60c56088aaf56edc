import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authSecrets, readSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE, usesSecureCookie, verifiedTokenCount } from "./session-token";

const SECRET = "unit-test-secret-for-session-tokens";
const SECRETS = [SECRET];
const SID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
// Minted as Auth.js mints the cookie at sign-in: its own encode, the cookie's name as the salt.
const mint = (salt: string, opts: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: { sub: "u1", sid: SID }, secret: opts.secret ?? SECRET, salt, maxAge: opts.maxAge ?? 3600 });

/** A request as Next hands it to a page: its cookies, and the protocol (plain HTTP unless a cookie is `__Secure-`). */
const req = (cookie: string, proto = cookie.includes(SECURE_SESSION_COOKIE) ? "https" : "http") =>
  new Headers({ cookie, host: "clinic.example", "x-forwarded-proto": proto });

describe("readSessionToken", () => {
  it("reads the session id from Auth.js's cookie, among others", async () => {
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(req(`theme=dark; ${SESSION_COOKIE}=${token}; other=1`), SECRETS)).toEqual({ sid: SID });
  });

  it("reads the __Secure- cookie a sign-in over HTTPS sets", async () => {
    const token = await mint(SECURE_SESSION_COOKIE);
    expect(await readSessionToken(req(`${SECURE_SESSION_COOKIE}=${token}`), SECRETS)).toEqual({ sid: SID });
  });

  it("reassembles a token Auth.js split into chunks", async () => {
    const token = await mint(SESSION_COOKIE);
    const half = Math.floor(token.length / 2);
    const header = `${SESSION_COOKIE}.1=${token.slice(half)}; ${SESSION_COOKIE}.0=${token.slice(0, half)}`;
    expect(await readSessionToken(req(header), SECRETS)).toEqual({ sid: SID });
  });

  it("refuses a token under a cookie name other than the one it was made for (the name is the key's salt)", async () => {
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(req(`${SECURE_SESSION_COOKIE}=${token}`), SECRETS)).toBeNull();
  });

  it("refuses a token made with another secret, an altered token and an expired one", async () => {
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { secret: "another-secret" })}`), SECRETS)).toBeNull();
    const token = await mint(SESSION_COOKIE);
    const i = token.length - 10;
    const altered = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${altered}`), SECRETS)).toBeNull();
    // Auth.js allows 15 s of clock skew; this one ended an hour ago.
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { maxAge: -3600 })}`), SECRETS)).toBeNull();
  });

  it("is null without the cookie or without a secret", async () => {
    expect(await readSessionToken(req(""), SECRETS)).toBeNull();
    expect(await readSessionToken(req("theme=dark"), SECRETS)).toBeNull();
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE)}`), [])).toBeNull();
  });

  it("keeps a verified token, by a hash, until its own expiry and not after", async () => {
    const token = await mint(SESSION_COOKIE, { maxAge: 3600 });
    const header = `${SESSION_COOKIE}=${token}`;
    const before = verifiedTokenCount();
    expect(await readSessionToken(req(header), SECRETS)).toEqual({ sid: SID });
    expect(verifiedTokenCount()).toBe(before + 1);
    expect(await readSessionToken(req(header), SECRETS)).toEqual({ sid: SID });
    expect(verifiedTokenCount()).toBe(before + 1);
    // Kept, but past its expiry it opens nothing; a token never seen is refused at the same time as well.
    expect(await readSessionToken(req(header), SECRETS, Date.now() + 2 * 3600_000)).toBeNull();
    const fresh = await mint(SESSION_COOKIE, { maxAge: 3600 });
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${fresh}`), SECRETS, Date.now() + 2 * 3600_000)).toBeNull();
  });

  it("keeps nothing for a refused token, and a token verified under one secret is not accepted under another", async () => {
    const before = verifiedTokenCount();
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { secret: "another-secret" })}`), SECRETS)).toBeNull();
    expect(verifiedTokenCount()).toBe(before);
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${token}`), SECRETS)).toEqual({ sid: SID });
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${token}`), ["a-rotated-secret"])).toBeNull();
  });

  it("reads only the cookie Auth.js reads for the request's protocol, whichever cookies it carries", async () => {
    const plain = await mint(SESSION_COOKIE);
    const secure = await mint(SECURE_SESSION_COOKIE);
    // A plain cookie on an HTTPS request (planted from plain HTTP or a sibling host: the `__Secure-` prefix
    // exists to keep such a cookie out) names no session, whether or not a `__Secure-` one is beside it.
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${plain}`, "https"), SECRETS)).toBeNull();
    expect(await readSessionToken(req(`${SESSION_COOKIE}=${plain}`), SECRETS)).toEqual({ sid: SID });
    expect(await readSessionToken(req(`${SECURE_SESSION_COOKIE}=${secure}`, "http"), SECRETS)).toBeNull();
    // A cookie's value that merely mentions the other name changes nothing.
    expect(await readSessionToken(req(`x=${SECURE_SESSION_COOKIE}=; ${SESSION_COOKIE}=${plain}`, "http"), SECRETS)).toEqual({ sid: SID });
  });
});

describe("usesSecureCookie", () => {
  it("follows AUTH_URL (or NEXTAUTH_URL) when set, else the request's protocol, https when it has none", () => {
    const http = new Headers({ host: "clinic.example", "x-forwarded-proto": "http" });
    const https = new Headers({ host: "clinic.example", "x-forwarded-proto": "https" });
    expect(usesSecureCookie(http, {})).toBe(false);
    expect(usesSecureCookie(https, {})).toBe(true);
    expect(usesSecureCookie(new Headers({ host: "clinic.example" }), {})).toBe(true);
    expect(usesSecureCookie(http, { AUTH_URL: "https://clinic.example" })).toBe(true);
    expect(usesSecureCookie(https, { NEXTAUTH_URL: "http://localhost:3000" })).toBe(false);
  });
});

describe("authSecrets", () => {
  it("resolves the secrets as next-auth does: AUTH_SECRET, else NEXTAUTH_SECRET, else AUTH_SECRET_3, _2, _1", () => {
    expect(authSecrets({ AUTH_SECRET: "a", NEXTAUTH_SECRET: "n", AUTH_SECRET_1: "one" })).toEqual(["a"]);
    expect(authSecrets({ NEXTAUTH_SECRET: "n", AUTH_SECRET_1: "one" })).toEqual(["n"]);
    expect(authSecrets({ AUTH_SECRET_1: "one", AUTH_SECRET_3: "three" })).toEqual(["three", "one"]);
    expect(authSecrets({})).toEqual([]);
  });
});
