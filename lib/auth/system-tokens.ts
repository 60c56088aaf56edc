import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { TokenKind } from "@/lib/validation/token-approval";

/**
 * Why a token that names a credential is refused: it was revoked (a declined one included), no dermatologist
 * has approved it yet (lib/data/token-decisions.ts), or it was issued before tokens went to dermatologists
 * only, shown to an administrator, and withdrawn (migration 20270202000000_token_custody). Revocation is told first.
 * A token its credential no longer holds is "replaced" or "withdrawn" (lib/auth/withdrawn-tokens.ts).
 */
export type TokenRefusal = "revoked" | "not approved" | "withdrawn" | "replaced";

export function tokenRefusal(row: { revokedAt: Date | null; approvedAt: Date | null; tokenIssuedAt: Date | null }): TokenRefusal | null {
  if (row.revokedAt) return "revoked";
  if (!row.approvedAt) return "not approved";
  return row.tokenIssuedAt ? null : "withdrawn";
}

/** What the administrator's list shows of each credential (components/credential-cells.tsx), never the token. */
export const CREDENTIAL_LIST_SELECT = {
  id: true,
  name: true,
  tokenHint: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  approvedAt: true,
  tokenIssuedAt: true,
  tokenRequestedAt: true,
  createdBy: { select: { name: true } },
  approvedBy: { select: { name: true } },
  revokedBy: { select: { name: true } },
  tokenIssuedBy: { select: { name: true } },
  tokenRequestedBy: { select: { name: true } },
} as const;

/** The rows whose token works: approved, its token issued to a dermatologist, not revoked (a conditional write's guard). */
export const LIVE_TOKEN = { revokedAt: null, approvedAt: { not: null }, tokenIssuedAt: { not: null } } as const;

/**
 * Bearer tokens for other systems (FHIR API clients, laboratory interfaces): 32 random bytes, base64url,
 * after a prefix that names the kind (so secret scanners and people can tell them apart). A token is
 * shown once, to the dermatologist who has it issued; only its SHA-256 is stored, with its first characters as a hint.
 */
function systemTokens(prefix: string) {
  const shape = new RegExp(`^${prefix}[A-Za-z0-9_-]{43}$`);
  const hash = (token: string) => createHash("sha256").update(token).digest("hex");
  return {
    /** A new token, and what is stored of it. */
    issue(): { token: string; tokenHash: string; tokenHint: string } {
      const token = `${prefix}${randomBytes(32).toString("base64url")}`;
      return { token, tokenHash: hash(token), tokenHint: token.slice(0, prefix.length + 4) };
    },
    /** The stored hash of the token an Authorization header carries; null for a missing or malformed one. */
    hashFromHeader(header: string | null): string | null {
      const token = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? "")?.[1];
      return token && shape.test(token) ? hash(token) : null;
    },
  };
}

export const SYSTEM_TOKENS: Record<TokenKind, ReturnType<typeof systemTokens>> = {
  API_CLIENT: systemTokens("itk_"),
  LAB_INTERFACE: systemTokens("ihl7_"),
};
