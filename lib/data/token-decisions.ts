import "server-only";
import { SYSTEM_TOKENS } from "@/lib/auth/system-tokens";
import { keepReplacedHash } from "@/lib/auth/withdrawn-tokens";
import { db, type Tx } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { TokenKind } from "@/lib/validation/token-approval";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { assertMay } from "./viewer";

/**
 * Two-person rule and custody of system tokens (README, "Security"). An administrator creates an API client (FHIR
 * reads) or a lab interface (HL7 results written into charts) without a token, and may ask for a new token for one
 * in service; neither gives the administrator a token. A dermatologist other than its creator (and than the one who
 * asked) approves it: its token is issued then, replacing any token before it, and returned once, to that
 * dermatologist alone, who hands it to the system. A dermatologist may decline instead, with a reason: a new
 * client or interface is revoked; a new token is not issued, and the token in service stays. Each step writes its
 * audit row in its own transaction, never the token (its first characters, which the administrator's list shows,
 * name it).
 */

/** What a dermatologist decides on: a new client or interface (its approval issues its first token), or a new token for one in service. */
export type TokenRequest = "APPROVAL" | "NEW_TOKEN";

type Step = "approved" | "declined" | "tokenRequested" | "tokenIssued" | "tokenDeclined";
const KINDS: Record<TokenKind, { entityType: string; what: string; audit: Record<Step, AuditAction> }> = {
  API_CLIENT: {
    entityType: "ApiClient",
    what: "API client",
    audit: {
      approved: "user.api_client_approved",
      declined: "user.api_client_declined",
      tokenRequested: "user.api_client_token_requested",
      tokenIssued: "user.api_client_token_issued",
      tokenDeclined: "user.api_client_token_declined",
    },
  },
  LAB_INTERFACE: {
    entityType: "Hl7Interface",
    what: "lab interface",
    audit: {
      approved: "user.lab_interface_approved",
      declined: "user.lab_interface_declined",
      tokenRequested: "user.lab_interface_token_requested",
      tokenIssued: "user.lab_interface_token_issued",
      tokenDeclined: "user.lab_interface_token_declined",
    },
  },
};

/** Waiting for a dermatologist: a new one, not yet approved; or one in service, a new token asked for. */
export const WAITING_APPROVAL = { revokedAt: null, approvedAt: null } as const;
export const WAITING_TOKEN = { revokedAt: null, approvedAt: { not: null }, tokenRequestedAt: { not: null } } as const;

type Guard = {
  id: string;
  revokedAt: null;
  approvedAt: null | { not: null };
  createdAt?: Date;
  tokenRequestedAt?: null | { not: null } | Date;
  tokenHash?: string | null;
  createdById?: { not: string };
  OR?: ({ tokenRequestedById: null } | { tokenRequestedById: { not: string } })[];
};
type Change = Partial<{
  approvedAt: Date;
  approvedById: string;
  revokedAt: Date;
  revokedById: string;
  tokenHash: string;
  tokenHint: string;
  tokenIssuedAt: Date;
  tokenIssuedById: string;
  tokenRequestedAt: Date | null;
  tokenRequestedById: string | null;
}>;

/** One conditional write on the kind's table: 1 when the row was still as the guard says, else 0. */
async function updateIf(tx: Tx, kind: TokenKind, where: Guard, data: Change): Promise<number> {
  const written = kind === "API_CLIENT" ? await tx.apiClient.updateMany({ where, data }) : await tx.hl7Interface.updateMany({ where, data });
  return written.count;
}

async function stateOf(tx: Tx, kind: TokenKind, id: string) {
  const select = {
    name: true,
    createdById: true,
    approvedAt: true,
    revokedAt: true,
    tokenRequestedAt: true,
    tokenRequestedById: true,
    tokenHash: true,
    tokenIssuedAt: true,
  } as const;
  return kind === "API_CLIENT" ? tx.apiClient.findUnique({ where: { id }, select }) : tx.hl7Interface.findUnique({ where: { id }, select });
}

/**
 * A dermatologist decides on the request the page showed (`requestedAt`: its creation, or the new token's request),
 * never on one asked for after: a confirmation left open while another dermatologist decided that request and an
 * administrator asked for a new token would otherwise issue the new token (and stop the one just issued).
 */
type Decision = { kind: TokenKind; id: string; requestedAt: Date };
const waitingApproval = (d: Decision) => ({ id: d.id, ...WAITING_APPROVAL, createdAt: d.requestedAt });
const waitingToken = (d: Decision) => ({ id: d.id, ...WAITING_TOKEN, tokenRequestedAt: d.requestedAt });

/**
 * Why a dermatologist's approval or decline was refused: nothing waited, the request shown was decided and another
 * asked for since, or the dermatologist may not be its second person (FORBIDDEN: an attempt to reach patient records
 * alone, recorded as an access attempt by lib/actions/client.ts).
 */
async function whyNot(tx: Tx, input: Decision, actor: AuditActor) {
  const row = await stateOf(tx, input.kind, input.id);
  const what = KINDS[input.kind].what;
  if (!row) return notFound(what);
  if (row.revokedAt) return conflict(`This ${what} was revoked or declined: no token can be issued for it.`);
  if (row.approvedAt && !row.tokenRequestedAt) return conflict(`This ${what} is approved and waits for no new token. An administrator can ask for one.`);
  if (row.createdById === actor.id) return new AppError("FORBIDDEN", `You created this ${what}: another dermatologist must approve it.`);
  if (row.tokenRequestedById === actor.id) return new AppError("FORBIDDEN", `You asked for this ${what}'s new token: another dermatologist must issue it.`);
  if (row.tokenRequestedAt && row.tokenRequestedAt > input.requestedAt)
    return conflict(
      `The request shown for this ${what} was decided since the page was shown, and a new token was asked for after it: nothing was done. Reload the page to decide on the new request.`,
    );
  return conflict(`This ${what} changed meanwhile. Reload the page.`);
}

async function audit(tx: Tx, actor: AuditActor, kind: TokenKind, step: Step, id: string, changes: Record<string, string>) {
  const { entityType, audit: actions } = KINDS[kind];
  await writeAudit(tx, actor, { action: actions[step], entityType, entityId: id, changes });
}

/**
 * Approves a waiting client or interface, or a new token asked for: a token is issued to the dermatologist
 * (returned once; only its hash and first characters are stored), replacing any token before it, which stops
 * working at once (its hash kept, lib/auth/withdrawn-tokens.ts, so that its attempts stay named in the audit trail).
 * Refused for the creator and for the one who asked for the new token.
 */
export async function approveToken(actor: AuditActor, input: Decision, now = new Date()): Promise<{ name: string; token: string; request: TokenRequest }> {
  assertMay(actor, "access.approve");
  const { token, tokenHash, tokenHint } = SYSTEM_TOKENS[input.kind].issue();
  const issued = { tokenHash, tokenHint, tokenIssuedAt: now, tokenIssuedById: actor.id, tokenRequestedAt: null, tokenRequestedById: null };
  const notTheirs = { createdById: { not: actor.id }, OR: [{ tokenRequestedById: null }, { tokenRequestedById: { not: actor.id } }] };
  return db.$transaction(async (tx) => {
    // The hash being replaced, kept in this transaction: the writes are conditional on it still being the row's.
    const before = await stateOf(tx, input.kind, input.id);
    const guard = { tokenHash: before?.tokenHash ?? null, ...notTheirs };
    let request: TokenRequest = "APPROVAL";
    if ((await updateIf(tx, input.kind, { ...guard, ...waitingApproval(input) }, { approvedAt: now, approvedById: actor.id, ...issued })) !== 1) {
      request = "NEW_TOKEN";
      if ((await updateIf(tx, input.kind, { ...guard, ...waitingToken(input) }, issued)) !== 1) throw await whyNot(tx, input, actor);
    }
    await keepReplacedHash(tx, input.kind, { id: input.id, tokenHash: before!.tokenHash, tokenIssuedAt: before!.tokenIssuedAt }, now);
    const { name } = (await stateOf(tx, input.kind, input.id))!;
    await audit(tx, actor, input.kind, request === "APPROVAL" ? "approved" : "tokenIssued", input.id, { name, tokenHint });
    return { name, token, request };
  });
}

/**
 * Declines a waiting client or interface (it is revoked) or a new token asked for (none is issued; the token in
 * service, if any, stays), the reason recorded in the audit trail.
 */
export async function declineToken(
  actor: AuditActor,
  input: Decision & { reason: string },
  now = new Date(),
): Promise<{ name: string; request: TokenRequest }> {
  assertMay(actor, "access.approve");
  return db.$transaction(async (tx) => {
    let request: TokenRequest = "APPROVAL";
    if ((await updateIf(tx, input.kind, waitingApproval(input), { revokedAt: now, revokedById: actor.id })) !== 1) {
      request = "NEW_TOKEN";
      if ((await updateIf(tx, input.kind, waitingToken(input), { tokenRequestedAt: null, tokenRequestedById: null })) !== 1)
        throw await whyNot(tx, input, actor);
    }
    const { name } = (await stateOf(tx, input.kind, input.id))!;
    await audit(tx, actor, input.kind, request === "APPROVAL" ? "declined" : "tokenDeclined", input.id, { name, reason: input.reason });
    return { name, request };
  });
}

/**
 * An administrator asks for a new token for an approved client or interface in service (one lost, one to
 * rotate): it waits under Approvals for a dermatologist, who has it issued and hands it to the system. Nothing
 * changes until then; the token in service keeps working until the new one is issued.
 */
export async function requestNewToken(actor: AuditActor, input: { kind: TokenKind; id: string }, now = new Date()): Promise<{ name: string }> {
  assertMay(actor, "users.manage");
  return db.$transaction(async (tx) => {
    const where = { id: input.id, revokedAt: null, approvedAt: { not: null }, tokenRequestedAt: null } as const;
    if ((await updateIf(tx, input.kind, where, { tokenRequestedAt: now, tokenRequestedById: actor.id })) !== 1) {
      const row = await stateOf(tx, input.kind, input.id);
      const what = KINDS[input.kind].what;
      if (!row) throw notFound(what);
      if (row.revokedAt) throw conflict(`This ${what} is revoked: create a new one instead.`);
      if (!row.approvedAt) throw conflict(`This ${what} waits for a dermatologist's approval, which issues its token.`);
      throw conflict(`A new token for this ${what} is already asked for: it waits for a dermatologist under Approvals.`);
    }
    const { name } = (await stateOf(tx, input.kind, input.id))!;
    await audit(tx, actor, input.kind, "tokenRequested", input.id, { name });
    return { name };
  });
}
