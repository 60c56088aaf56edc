import "server-only";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { ClientRole } from "@/lib/fhir/clients";
import type { TokenKind } from "@/lib/validation/token-approval";
import { WAITING_APPROVAL, WAITING_TOKEN, type TokenRequest } from "./token-decisions";
import { assertCan, type Viewer } from "./viewer";

/**
 * What waits under Approvals for a dermatologist's decision on system tokens (lib/data/token-decisions.ts): new
 * API clients and lab interfaces, whose approval issues their first token, and new tokens asked for. Dermatologists
 * see each one's name, kind, visibility, who asked for it and when, and the token in service, never a token or
 * its first characters.
 */
export interface TokenAwaitingApproval {
  kind: TokenKind;
  id: string;
  name: string;
  /** The role whose visibility an API client gets; null for a lab interface, which writes results. */
  role: ClientRole | null;
  request: TokenRequest;
  /** When it was asked for: its creation, or the new token's request. */
  requestedAt: Date;
  /** Who asked; null for a new token the migration that withdrew administrators' tokens asked for. */
  requestedBy: string | null;
  createdAt: Date;
  createdBy: string;
  /** For a new token: the one in service, issued to which dermatologist when; null when none works. */
  currentToken: { issuedAt: Date; issuedTo: string } | null;
}

const WAITING = { OR: [WAITING_APPROVAL, WAITING_TOKEN] };
const waitingSelect = {
  id: true,
  name: true,
  approvedAt: true,
  createdAt: true,
  createdBy: { select: { name: true } },
  tokenIssuedAt: true,
  tokenIssuedBy: { select: { name: true } },
  tokenRequestedAt: true,
  tokenRequestedBy: { select: { name: true } },
} as const;

type WaitingRow = {
  id: string;
  name: string;
  approvedAt: Date | null;
  createdAt: Date;
  createdBy: { name: string };
  tokenIssuedAt: Date | null;
  tokenIssuedBy: { name: string } | null;
  tokenRequestedAt: Date | null;
  tokenRequestedBy: { name: string } | null;
};

function waiting(kind: TokenKind, row: WaitingRow, role: ClientRole | null): TokenAwaitingApproval {
  const newToken = row.approvedAt !== null;
  return {
    kind,
    id: row.id,
    name: row.name,
    role,
    request: newToken ? "NEW_TOKEN" : "APPROVAL",
    requestedAt: newToken ? row.tokenRequestedAt! : row.createdAt,
    requestedBy: newToken ? (row.tokenRequestedBy?.name ?? null) : row.createdBy.name,
    createdAt: row.createdAt,
    createdBy: row.createdBy.name,
    currentToken: newToken && row.tokenIssuedAt ? { issuedAt: row.tokenIssuedAt, issuedTo: row.tokenIssuedBy?.name ?? "" } : null,
  };
}

/** What waits for a dermatologist's decision, oldest request first. */
export async function listTokensAwaitingApproval(viewer: Viewer): Promise<TokenAwaitingApproval[]> {
  assertCan(viewer, "access.approve");
  const [clients, labs] = await Promise.all([
    db.apiClient.findMany({ where: WAITING, select: { ...waitingSelect, role: true } }),
    db.hl7Interface.findMany({ where: WAITING, select: waitingSelect }),
  ]);
  return [...clients.map((c) => waiting("API_CLIENT", c, c.role as ClientRole)), ...labs.map((l) => waiting("LAB_INTERFACE", l, null))].sort(
    (a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id),
  );
}

/** How many wait for a dermatologist's decision, for the navigation's badge: 0 for a role that does not decide on them. */
export async function countTokensAwaitingApproval(viewer: Viewer): Promise<number> {
  if (!can(viewer.role, "access.approve")) return 0;
  const [clients, labs] = await Promise.all([db.apiClient.count({ where: WAITING }), db.hl7Interface.count({ where: WAITING })]);
  return clients + labs;
}
