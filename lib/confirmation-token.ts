/**
 * A confirmation token: what a form sends back ("ack") to confirm one warning it showed, "<code>:<digest>", the
 * warning's code and the first 16 hex digits of the SHA-256 of its message (lib/errors.ts makes it). The code
 * says what kind of finding was confirmed; the digest, which text: a finding of that kind with other figures
 * (the dose's mg/kg at another weight, another day) has another token, so a confirmation given on a stale
 * page never passes it. Pure (no hashing here), so that forms' schemas can read tokens wherever they run.
 */
export const TOKEN_DIGEST_HEX = 16;

/** At most this long: a code (a lab warning's names its test's id) and its digest. */
export const TOKEN_MAX_LENGTH = 120;

const TOKEN = new RegExp(`^([A-Z][A-Z0-9_]{0,63}(?::[0-9a-f-]{36})?):[0-9a-f]{${TOKEN_DIGEST_HEX}}$`);

/** The code a token confirms ("UNUSUAL:<lab test id>" for "UNUSUAL:<lab test id>:<digest>"); null when it is no token. */
export function tokenCode(token: string): string | null {
  if (token.length > TOKEN_MAX_LENGTH) return null;
  return TOKEN.exec(token)?.[1] ?? null;
}
