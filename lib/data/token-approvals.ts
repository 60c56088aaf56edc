import "server-only";
import { can } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { conflict, notFound, refused } from "@/lib/errors";
import type { ClientRole } from "@/lib/fhir/clients";
import type { TokenKind } from "@/lib/validation/token-approval";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { assertCan, type Viewer } from "./viewer";

/**
 * Two-person rule for system tokens. An administrator creates an API client (FHIR reads) or a lab interface
 * (HL7 results written into charts) and sees its token once; the token works only once a dermatologist,
 * another person than its creator, approves it (also a CHECK constraint on both tables). A dermatologist
 * may decline a waiting token instead, which revokes it with a reason. Dermatologists see a waiting
 * token's name, kind, visibility and creator, never the token or its first characters. Tokens in service
 * before the rule were approved by its migration, by no one (approvedAt set, approvedById null).
 */

export interface TokenAwaitingApproval {
  kind: TokenKind;
  id: string;
  name: string;
  /** The role whose visibility an API client gets; null for a lab interface, which writes results. */
  role: ClientRole | null;
  createdAt: Date;
  createdBy: string;
}

const WAITING = { approvedAt: null, revokedAt: null } as const;
const waitingSelect = { id: true, name: true, createdAt: true, createdBy: { select: { name: true } } } as const;

/** The tokens waiting for a dermatologist's approval, oldest first. */
export async function listTokensAwaitingApproval(viewer: Viewer): Promise<TokenAwaitingApproval[]> {
  assertCan(viewer, "access.approve");
  const [clients, labs] = await Promise.all([
    db.apiClient.findMany({ where: WAITING, select: { ...waitingSelect, role: true } }),
    db.hl7Interface.findMany({ where: WAITING, select: waitingSelect }),
  ]);
  return [
    ...clients.map((c) => ({
      kind: "API_CLIENT" as const,
      id: c.id,
      name: c.name,
      role: c.role as ClientRole,
      createdAt: c.createdAt,
      createdBy: c.createdBy.name,
    })),
    ...labs.map((l) => ({ kind: "LAB_INTERFACE" as const, id: l.id, name: l.name, role: null, createdAt: l.createdAt, createdBy: l.createdBy.name })),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** How many tokens wait for approval, for the navigation's badge: 0 for a role that does not approve them. */
export async function countTokensAwaitingApproval(viewer: Viewer): Promise<number> {
  if (!can(viewer.role, "access.approve")) return 0;
  const [clients, labs] = await Promise.all([db.apiClient.count({ where: WAITING }), db.hl7Interface.count({ where: WAITING })]);
  return clients + labs;
}

const AUDIT: Record<TokenKind, { entityType: string; approved: AuditAction; declined: AuditAction; what: string }> = {
  API_CLIENT: { entityType: "ApiClient", approved: "user.api_client_approved", declined: "user.api_client_declined", what: "API client" },
  LAB_INTERFACE: { entityType: "Hl7Interface", approved: "user.lab_interface_approved", declined: "user.lab_interface_declined", what: "lab interface" },
};

type Guard = { id: string; approvedAt: null; revokedAt: null; createdById?: { not: string } };
type Change = { approvedAt: Date; approvedById: string } | { revokedAt: Date; revokedById: string };

/** One conditional write on the kind's table: 1 when the row was still as the guard says, else 0. */
async function updateIf(tx: Tx, kind: TokenKind, where: Guard, data: Change): Promise<number> {
  const written = kind === "API_CLIENT" ? await tx.apiClient.updateMany({ where, data }) : await tx.hl7Interface.updateMany({ where, data });
  return written.count;
}

async function stateOf(tx: Tx, kind: TokenKind, id: string) {
  const select = { name: true, createdById: true, approvedAt: true, revokedAt: true } as const;
  return kind === "API_CLIENT" ? tx.apiClient.findUnique({ where: { id }, select }) : tx.hl7Interface.findUnique({ where: { id }, select });
}

/** Why a token that was not waiting (or is the caller's own) could not be approved or declined. */
async function whyNot(tx: Tx, kind: TokenKind, id: string, actor: AuditActor) {
  const row = await stateOf(tx, kind, id);
  const what = AUDIT[kind].what;
  if (!row) return notFound(what);
  if (row.revokedAt) return conflict(`This ${what} was revoked or declined: its token can no longer be approved or declined.`);
  if (row.approvedAt) return conflict(`This ${what} is already approved. An administrator can revoke it.`);
  if (row.createdById === actor.id) return refused(`You created this ${what}: another dermatologist must approve it.`);
  return conflict(`This ${what} changed meanwhile. Reload the page.`);
}

/** Approves a waiting token: it works from its next call on. Refused for its own creator. */
export async function approveToken(actor: AuditActor, input: { kind: TokenKind; id: string }, now = new Date()): Promise<{ name: string }> {
  assertCan(actor, "access.approve");
  return db.$transaction(async (tx) => {
    const where = { id: input.id, ...WAITING, createdById: { not: actor.id } };
    if ((await updateIf(tx, input.kind, where, { approvedAt: now, approvedById: actor.id })) !== 1) throw await whyNot(tx, input.kind, input.id, actor);
    const row = (await stateOf(tx, input.kind, input.id))!;
    await writeAudit(tx, actor, {
      action: AUDIT[input.kind].approved,
      entityType: AUDIT[input.kind].entityType,
      entityId: input.id,
      changes: { name: row.name },
    });
    return { name: row.name };
  });
}

/** Declines a waiting token: it is revoked, and the reason recorded in the audit trail. */
export async function declineToken(actor: AuditActor, input: { kind: TokenKind; id: string; reason: string }, now = new Date()): Promise<{ name: string }> {
  assertCan(actor, "access.approve");
  return db.$transaction(async (tx) => {
    if ((await updateIf(tx, input.kind, { id: input.id, ...WAITING }, { revokedAt: now, revokedById: actor.id })) !== 1)
      throw await whyNot(tx, input.kind, input.id, actor);
    const row = (await stateOf(tx, input.kind, input.id))!;
    await writeAudit(tx, actor, {
      action: AUDIT[input.kind].declined,
      entityType: AUDIT[input.kind].entityType,
      entityId: input.id,
      changes: { name: row.name, reason: input.reason },
    });
    return { name: row.name };
  });
}
