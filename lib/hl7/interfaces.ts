import "server-only";
import { CREDENTIAL_LIST_SELECT, LIVE_TOKEN, SYSTEM_TOKENS, tokenRefusal, type TokenRefusal } from "@/lib/auth/system-tokens";
import { formerToken } from "@/lib/auth/withdrawn-tokens";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "@/lib/data/audit";
import { claimCall, limitFromEnv, type Quota } from "@/lib/data/rate-limits";
import { assertCan, assertMay, type Viewer } from "@/lib/data/viewer";

/**
 * Lab interfaces: laboratory systems that post ORU^R01 messages to /hl7 with a bearer token
 * (lib/auth/system-tokens.ts: only its SHA-256 stored). An administrator creates an interface without a token:
 * its token is issued when a dermatologist approves it, and shown once to that dermatologist alone, who hands
 * it to the laboratory (lib/data/token-decisions.ts: an administrator alone writes nothing into a chart); a
 * revoked interface is refused from its next call on.
 */
const tokens = SYSTEM_TOKENS.LAB_INTERFACE;

export interface LabInterface {
  id: string;
  name: string;
}

export async function createLabInterface(actor: AuditActor, name: string): Promise<{ id: string }> {
  assertMay(actor, "users.manage");
  const id = await db.$transaction(async (tx) => {
    const row = await tx.hl7Interface.create({
      data: { name, createdById: actor.id },
      select: { id: true },
    });
    await writeAudit(tx, actor, { action: "user.lab_interface_created", entityType: "Hl7Interface", entityId: row.id, changes: { name } });
    return row.id;
  });
  return { id };
}

/** False when there is no such interface or it was already revoked. */
export async function revokeLabInterface(actor: AuditActor, interfaceId: string): Promise<boolean> {
  assertMay(actor, "users.manage");
  return db.$transaction(async (tx) => {
    const revoked = await tx.hl7Interface.updateMany({ where: { id: interfaceId, revokedAt: null }, data: { revokedAt: new Date(), revokedById: actor.id } });
    if (revoked.count !== 1) return false;
    await writeAudit(tx, actor, { action: "user.lab_interface_revoked", entityType: "Hl7Interface", entityId: interfaceId });
    return true;
  });
}

/** Administrators only: the list shows who made each credential, who approved it and when it was last used. */
export async function listLabInterfaces(viewer: Viewer) {
  assertCan(viewer, "users.manage");
  return db.hl7Interface.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: CREDENTIAL_LIST_SELECT,
  });
}

export type LabInterfaceCheck = { ok: true; lab: LabInterface } | { ok: false; refused: { lab: LabInterface; reason: TokenRefusal } | null };

/**
 * The live (approved, its token issued to a dermatologist, not revoked) interface an Authorization header names,
 * its last use stamped. A revoked, not yet approved or withdrawn token's interface is named in the refusal with the reason (its attempt is audited),
 * and so is that of a token it no longer holds (replaced or withdrawn); a missing, malformed or unknown token is not.
 */
export async function authenticateLabInterface(header: string | null): Promise<LabInterfaceCheck> {
  const tokenHash = tokens.hashFromHeader(header);
  if (!tokenHash) return { ok: false, refused: null };
  const row = await db.hl7Interface.findUnique({
    where: { tokenHash },
    select: { id: true, name: true, revokedAt: true, approvedAt: true, tokenIssuedAt: true },
  });
  if (!row) {
    const former = await formerToken("LAB_INTERFACE", tokenHash);
    const lab = former && (await db.hl7Interface.findUnique({ where: { id: former.credentialId }, select: { id: true, name: true } }));
    return { ok: false, refused: former && lab ? { lab, reason: former.why } : null };
  }
  const lab = { id: row.id, name: row.name };
  const reason = tokenRefusal(row);
  if (reason) return { ok: false, refused: { lab, reason } };
  // Conditional on the interface still being live with this token: a revocation or a new token committed since the read wins.
  const stamped = await db.hl7Interface.updateMany({ where: { id: row.id, tokenHash, ...LIVE_TOKEN }, data: { lastUsedAt: new Date() } });
  return stamped.count === 1 ? { ok: true, lab } : { ok: false, refused: { lab, reason: "revoked" } };
}

/**
 * Messages per lab interface per minute, counted in PostgreSQL so that every server instance shares one
 * count (lib/data/rate-limits.ts). `HL7_RATE_LIMIT_PER_MINUTE` sets the limit; 600 by default, room for a
 * laboratory that sends a morning's batch of results one message per request.
 */
export const HL7_RATE_LIMIT_PER_MINUTE = limitFromEnv("HL7_RATE_LIMIT_PER_MINUTE", 600);

export function claimLabMessage(interfaceId: string, now = new Date(), limit = HL7_RATE_LIMIT_PER_MINUTE): Promise<Quota> {
  return claimCall("LAB_INTERFACE", interfaceId, limit, now);
}
