import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";

/**
 * TOTP second factor (RFC 6238, 30-second steps, 6 digits, as authenticator apps expect) and recovery codes.
 * The TOTP secret is stored encrypted (AES-256-GCM) with a key held outside the database: TOTP_ENCRYPTION_KEY,
 * or one derived from AUTH_SECRET when that is unset. A copy of the database alone does not give the codes.
 */
const ISSUER = "Isotrack";
/** One step either side of now: a phone clock a little off still works. */
const TOLERANCE_S = 30;

function derivedKey(purpose: string): Buffer {
  const material = process.env.TOTP_ENCRYPTION_KEY || process.env.AUTH_SECRET;
  if (!material) throw new Error("AUTH_SECRET (or TOTP_ENCRYPTION_KEY) must be set to store second factors");
  return Buffer.from(hkdfSync("sha256", material, "isotrack", purpose, 32));
}
const encryptionKey = () => derivedKey("totp-secret-v1");

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("unreadable second-factor secret");
  // The full 16-byte tag only: a shorter one would be accepted by Node and is far easier to forge.
  const authTag = Buffer.from(tag, "base64url");
  if (authTag.length !== 16) throw new Error("unreadable second-factor secret");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"), { authTagLength: 16 });
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: ISSUER, label: accountEmail, secret });
}

/**
 * The time step of a valid code, or null. A code at or before `lastStep` (one already used) is refused,
 * so a code seen over a shoulder cannot be replayed within its 30 seconds.
 */
export async function verifyTotp(secret: string, code: string, lastStep: number | null, nowMs: number = Date.now()): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(nowMs / 1000),
      epochTolerance: TOLERANCE_S,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    // A last used step ahead of this server's clock (instances whose clocks differ): no code can pass yet.
    return null;
  }
}

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

/** Ten codes of 10 characters (about 49 bits each), shown once as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * Codes are compared by a keyed hash (HMAC with a key outside the database: a copy of the database alone
 * cannot be searched for them), whatever the case, spaces or hyphen the user typed.
 */
export function hashRecoveryCode(code: string): string {
  const normalized = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHmac("sha256", derivedKey("recovery-code-v1")).update(normalized).digest("hex");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "").length === 10;
}
