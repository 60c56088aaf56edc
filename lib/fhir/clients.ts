import "server-only";
import { CREDENTIAL_LIST_SELECT, LIVE_TOKEN, SYSTEM_TOKENS, tokenRefusal, type TokenRefusal } from "@/lib/auth/system-tokens";
import { formerToken } from "@/lib/auth/withdrawn-tokens";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "@/lib/data/audit";
import { assertCan, assertMay, type Viewer } from "@/lib/data/viewer";
import type { Role } from "@/lib/auth/permissions";

/**
 * API clients: systems that read the FHIR API with a bearer token (lib/auth/system-tokens.ts: only its SHA-256
 * stored). An administrator creates a client without a token: its token is issued when a dermatologist approves
 * it, and shown once to that dermatologist alone, who hands it to the system (lib/data/token-decisions.ts: an
 * administrator alone gets no patient data); a revoked client is refused from its next call on.
 */
const tokens = SYSTEM_TOKENS.API_CLIENT;

export type ClientRole = Exclude<Role, "ADMIN">;

export async function createApiClient(actor: AuditActor, input: { name: string; role: ClientRole }): Promise<{ id: string }> {
  assertMay(actor, "users.manage");
  const id = await db.$transaction(async (tx) => {
    const client = await tx.apiClient.create({
      data: { name: input.name, role: input.role, createdById: actor.id },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: "user.api_client_created",
      entityType: "ApiClient",
      entityId: client.id,
      changes: { name: input.name, role: input.role },
    });
    return client.id;
  });
  return { id };
}

/** False when there is no such client or it was already revoked. */
export async function revokeApiClient(actor: AuditActor, clientId: string, now = new Date()): Promise<boolean> {
  assertMay(actor, "users.manage");
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiClient.updateMany({ where: { id: clientId, revokedAt: null }, data: { revokedAt: now, revokedById: actor.id } });
    if (revoked.count !== 1) return false;
    await writeAudit(tx, actor, { action: "user.api_client_revoked", entityType: "ApiClient", entityId: clientId });
    return true;
  });
}

/** Administrators only: the list shows who made each credential, who approved it and when it was last used. */
export async function listApiClients(viewer: Viewer) {
  assertCan(viewer, "users.manage");
  return db.apiClient.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { ...CREDENTIAL_LIST_SELECT, role: true },
  });
}

export interface ApiCaller {
  id: string;
  name: string;
  role: ClientRole;
}

export type BearerCheck = { ok: true; client: ApiCaller } | { ok: false; refused: { client: ApiCaller; reason: TokenRefusal } | null };

/**
 * The client an Authorization header names, read from the database on every call (so revocation, approval and
 * a new token take effect on the next one), and its last use stamped. A revoked, not yet approved or withdrawn
 * token's client is returned apart with the reason, so that its attempt can be recorded, and so is the client of a
 * token it no longer holds (replaced or withdrawn); a missing, malformed or unknown token names nobody.
 */
export async function authenticateBearer(header: string | null, now = new Date()): Promise<BearerCheck> {
  const tokenHash = tokens.hashFromHeader(header);
  if (!tokenHash) return { ok: false, refused: null };
  const row = await db.apiClient.findUnique({
    where: { tokenHash },
    select: { id: true, name: true, role: true, revokedAt: true, approvedAt: true, tokenIssuedAt: true },
  });
  if (!row) return { ok: false, refused: await formerClient(tokenHash) };
  if (row.role === "ADMIN") return { ok: false, refused: null };
  const client = { id: row.id, name: row.name, role: row.role };
  const reason = tokenRefusal(row);
  if (reason) return { ok: false, refused: { client, reason } };
  // Conditional on the client still being live with this token: a revocation or a new token committed since the read wins.
  const stamped = await db.apiClient.updateMany({ where: { id: row.id, tokenHash, ...LIVE_TOKEN }, data: { lastUsedAt: now } });
  return stamped.count === 1 ? { ok: true, client } : { ok: false, refused: { client, reason: "revoked" } };
}

async function formerClient(tokenHash: string): Promise<{ client: ApiCaller; reason: TokenRefusal } | null> {
  const former = await formerToken("API_CLIENT", tokenHash);
  if (!former) return null;
  const row = await db.apiClient.findUnique({ where: { id: former.credentialId }, select: { id: true, name: true, role: true } });
  return row && row.role !== "ADMIN" ? { client: { id: row.id, name: row.name, role: row.role }, reason: former.why } : null;
}
