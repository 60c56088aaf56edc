import { beforeAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, verifyTotp } from "./mfa";

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890" (base32 below), 8-digit codes of which
// authenticator apps show the last 6.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

beforeAll(() => {
  process.env.AUTH_SECRET = "unit-test-secret";
});

describe("TOTP codes", () => {
  it.each([
    [59, "287082", 1],
    [1_111_111_109, "081804", 37_037_036],
    [1_234_567_890, "005924", 41_152_263],
    [2_000_000_000, "279037", 66_666_666],
  ])("at %i s the RFC 6238 code %s is accepted, in step %i", async (seconds, code, step) => {
    expect(await verifyTotp(RFC_SECRET, code, null, seconds * 1000)).toBe(step);
  });

  it("accepts one step of clock drift either way, not two", async () => {
    // "287082" is the code of step 1 (seconds 30-59).
    expect(await verifyTotp(RFC_SECRET, "287082", null, 89_000)).toBe(1);
    expect(await verifyTotp(RFC_SECRET, "287082", null, 5_000)).toBe(1);
    expect(await verifyTotp(RFC_SECRET, "287082", null, 95_000)).toBeNull();
  });

  it("never accepts a code from a step already used, nor a malformed one", async () => {
    expect(await verifyTotp(RFC_SECRET, "287082", 1, 59_000)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "287082", 0, 59_000)).toBe(1);
    expect(await verifyTotp(RFC_SECRET, "28708", null, 59_000)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "2870821", null, 59_000)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "abcdef", null, 59_000)).toBeNull();
  });
});

describe("secret at rest", () => {
  it("round-trips, differs on each encryption, and refuses a tampered value", () => {
    const a = encryptSecret(RFC_SECRET);
    const b = encryptSecret(RFC_SECRET);
    expect(a).not.toBe(b);
    expect(a).not.toContain(RFC_SECRET);
    expect(decryptSecret(a)).toBe(RFC_SECRET);
    const [v, iv, tag, body] = a.split(".");
    const flipped = `${body![0] === "A" ? "B" : "A"}${body!.slice(1)}`;
    expect(() => decryptSecret([v, iv, tag, flipped].join("."))).toThrow();
  });

  it("cannot be read with another key", () => {
    const stored = encryptSecret(RFC_SECRET);
    process.env.TOTP_ENCRYPTION_KEY = "a-different-key";
    try {
      expect(() => decryptSecret(stored)).toThrow();
    } finally {
      delete process.env.TOTP_ENCRYPTION_KEY;
    }
  });

  it("refuses a value whose authentication tag is cut short: a 4-byte tag could be forged by trying 2^32 values", () => {
    const [v, iv, tag, body] = encryptSecret(RFC_SECRET).split(".");
    for (const bytes of [4, 8, 12]) {
      const short = Buffer.from(tag!, "base64url").subarray(0, bytes).toString("base64url");
      expect(() => decryptSecret([v, iv, short, body].join("."))).toThrow();
    }
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes of the form xxxxx-xxxxx without look-alike characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("match whatever case, spaces or hyphen the user types", () => {
    expect(hashRecoveryCode("abcde-fghjk")).toBe(hashRecoveryCode(" ABCDE FGHJK "));
    expect(hashRecoveryCode("abcde-fghjk")).not.toBe(hashRecoveryCode("abcde-fghjm"));
    expect(looksLikeRecoveryCode("ABCDE FGHJK")).toBe(true);
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});

describe("recovery code hashes", () => {
  it("are keyed: another key gives another hash", () => {
    const withAuthSecret = hashRecoveryCode("abcde-fghjk");
    process.env.TOTP_ENCRYPTION_KEY = "a-different-key";
    try {
      expect(hashRecoveryCode("abcde-fghjk")).not.toBe(withAuthSecret);
    } finally {
      delete process.env.TOTP_ENCRYPTION_KEY;
    }
  });

  it("a last used step ahead of the clock refuses the code instead of failing", async () => {
    expect(await verifyTotp(RFC_SECRET, "287082", 5, 59_000)).toBeNull();
  });
});
