import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE, verifiedTokenCount } from "./session-token";

const SECRET = "unit-test-secret-for-session-tokens";
const SID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";
// Minted as Auth.js mints the cookie at sign-in: its own encode, the cookie's name as the salt.
const mint = (salt: string, opts: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: { sub: "u1", sid: SID }, secret: opts.secret ?? SECRET, salt, maxAge: opts.maxAge ?? 3600 });

describe("readSessionToken", () => {
  it("reads the session id from Auth.js's cookie, among others", async () => {
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(`theme=dark; ${SESSION_COOKIE}=${token}; other=1`, SECRET)).toEqual({ sid: SID });
  });

  it("reads the __Secure- cookie a sign-in over HTTPS sets", async () => {
    const token = await mint(SECURE_SESSION_COOKIE);
    expect(await readSessionToken(`${SECURE_SESSION_COOKIE}=${token}`, SECRET)).toEqual({ sid: SID });
  });

  it("reassembles a token Auth.js split into chunks", async () => {
    const token = await mint(SESSION_COOKIE);
    const half = Math.floor(token.length / 2);
    const header = `${SESSION_COOKIE}.1=${token.slice(half)}; ${SESSION_COOKIE}.0=${token.slice(0, half)}`;
    expect(await readSessionToken(header, SECRET)).toEqual({ sid: SID });
  });

  it("refuses a token under a cookie name other than the one it was made for (the name is the key's salt)", async () => {
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(`${SECURE_SESSION_COOKIE}=${token}`, SECRET)).toBeNull();
  });

  it("refuses a token made with another secret, an altered token and an expired one", async () => {
    expect(await readSessionToken(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { secret: "another-secret" })}`, SECRET)).toBeNull();
    const token = await mint(SESSION_COOKIE);
    const i = token.length - 10;
    const altered = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    expect(await readSessionToken(`${SESSION_COOKIE}=${altered}`, SECRET)).toBeNull();
    // Auth.js allows 15 s of clock skew; this one ended an hour ago.
    expect(await readSessionToken(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { maxAge: -3600 })}`, SECRET)).toBeNull();
  });

  it("is null without the cookie or without a secret", async () => {
    expect(await readSessionToken("", SECRET)).toBeNull();
    expect(await readSessionToken("theme=dark", SECRET)).toBeNull();
    expect(await readSessionToken(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE)}`, "")).toBeNull();
  });

  it("keeps a verified token, by a hash, until its own expiry and not after", async () => {
    const token = await mint(SESSION_COOKIE, { maxAge: 3600 });
    const header = `${SESSION_COOKIE}=${token}`;
    const before = verifiedTokenCount();
    expect(await readSessionToken(header, SECRET)).toEqual({ sid: SID });
    expect(verifiedTokenCount()).toBe(before + 1);
    expect(await readSessionToken(header, SECRET)).toEqual({ sid: SID });
    expect(verifiedTokenCount()).toBe(before + 1);
    // Kept, but past its expiry it opens nothing; a token never seen is refused at the same time as well.
    expect(await readSessionToken(header, SECRET, Date.now() + 2 * 3600_000)).toBeNull();
    const fresh = await mint(SESSION_COOKIE, { maxAge: 3600 });
    expect(await readSessionToken(`${SESSION_COOKIE}=${fresh}`, SECRET, Date.now() + 2 * 3600_000)).toBeNull();
  });

  it("keeps nothing for a refused token, and a token verified under one secret is not accepted under another", async () => {
    const before = verifiedTokenCount();
    expect(await readSessionToken(`${SESSION_COOKIE}=${await mint(SESSION_COOKIE, { secret: "another-secret" })}`, SECRET)).toBeNull();
    expect(verifiedTokenCount()).toBe(before);
    const token = await mint(SESSION_COOKIE);
    expect(await readSessionToken(`${SESSION_COOKIE}=${token}`, SECRET)).toEqual({ sid: SID });
    expect(await readSessionToken(`${SESSION_COOKIE}=${token}`, "a-rotated-secret")).toBeNull();
  });
});
