import { z } from "zod";

/**
 * What a new password must be (NIST SP 800-63B, 5.1.1.2): long, not a well-known password, and not built
 * from the account's own name or email. No composition rules; a passphrase is welcome.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** Passwords seen most often in breach corpora that are 12 characters or longer, lower-cased. */
const COMMON = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456789abc",
  "qwertyuiopas",
  "qwertyuiop123",
  "password1234",
  "password12345",
  "password123!",
  "passwordpassword",
  "iloveyou1234",
  "abcdefghijkl",
  "111111111111",
  "000000000000",
  "aaaaaaaaaaaa",
  "welcome12345",
  "welcome123456",
  "letmein12345",
  "administrator",
  "administrator1",
  "changeme1234",
  "changemenow!",
  "trustno11234",
  "football1234",
  "baseball1234",
  "princess1234",
  "sunshine1234",
  "qwerty123456",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "zaq12wsxcde3",
  "passw0rd1234",
  "p@ssw0rd1234",
  "p@ssword1234",
  "isotretinoin",
  "isotrack1234",
  "accutane1234",
  "dermatology1",
  "dermatology12",
]);

export function newPasswordSchema(context: { email?: string; name?: string } = {}) {
  return z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `At most ${MAX_PASSWORD_LENGTH} characters.`)
    .superRefine((value, ctx) => {
      const lower = value.toLowerCase();
      if (COMMON.has(lower) || /^(.)\1+$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "This password is too common. Choose a longer phrase of your own." });
        return;
      }
      const local = context.email?.split("@")[0]?.toLowerCase();
      const parts = [local, ...(context.name?.toLowerCase().split(/\s+/) ?? [])].filter((p): p is string => !!p && p.length >= 4);
      if (parts.some((p) => lower.includes(p))) ctx.addIssue({ code: "custom", message: "Do not use your name or email in your password." });
    });
}
