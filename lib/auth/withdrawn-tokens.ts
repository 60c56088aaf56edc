import "server-only";
import { db, type Tx } from "@/lib/db";
import type { TokenKind } from "@/lib/validation/token-approval";

/**
 * Tokens a client or interface no longer holds (the withdrawn_tokens table): the client's or interface's own row
 * keeps only its current hash, so the hash of the token before it is kept here, in the transaction that replaces
 * it. A token issued to a dermatologist is then "replaced"; one shown to an administrator before token custody and
 * never issued (migration 20270202000000_token_custody) was "withdrawn". Its attempts are refused as any unknown
 * token's, but named in the audit trail under its client or interface, with that reason.
 */
export type FormerTokenWhy = "replaced" | "withdrawn";

/** Keeps the hash a new token is replacing (none when the credential had no token yet). */
export async function keepReplacedHash(
  tx: Tx,
  kind: TokenKind,
  before: { id: string; tokenHash: string | null; tokenIssuedAt: Date | null },
  now: Date,
): Promise<void> {
  if (!before.tokenHash) return;
  const why: FormerTokenWhy = before.tokenIssuedAt ? "replaced" : "withdrawn";
  await tx.withdrawnToken.create({ data: { kind, credentialId: before.id, tokenHash: before.tokenHash, withdrawnAt: now, why } });
}

/** The client or interface a token it no longer holds belonged to, and why it stopped; null for a token never issued. */
export async function formerToken(kind: TokenKind, tokenHash: string): Promise<{ credentialId: string; why: FormerTokenWhy } | null> {
  const row = await db.withdrawnToken.findUnique({ where: { tokenHash }, select: { kind: true, credentialId: true, why: true } });
  return row && row.kind === kind ? { credentialId: row.credentialId, why: row.why as FormerTokenWhy } : null;
}
