import { createHash, randomBytes } from "node:crypto";
import { requestApiClientTokenAction } from "@/app/(portal)/admin/api-clients/actions";
import { changeRoleAction } from "@/app/(portal)/admin/users/actions";
import { approveTokenAction } from "@/app/(portal)/approvals/token-actions";
import type { Role } from "@/lib/auth/permissions";
import { IDLE } from "@/lib/validation/action-result";
import type { TokenKind } from "@/lib/validation/token-approval";
import { actAs, form, makeUser, testDb } from "./helpers";

/**
 * The fields of a dermatologist's decision form as the Approvals page writes them: which client or interface, and
 * when the request it shows was asked for (its creation, or the new token's request). For a row that waits for
 * nothing (decided, revoked, another kind's), its creation, as a page shown before would carry.
 */
export async function decisionFields(kind: TokenKind, credentialId: string): Promise<Record<string, string>> {
  const select = { createdAt: true, approvedAt: true, tokenRequestedAt: true } as const;
  const row =
    kind === "API_CLIENT"
      ? await testDb().apiClient.findUnique({ where: { id: credentialId }, select })
      : await testDb().hl7Interface.findUnique({ where: { id: credentialId }, select });
  const requestedAt = !row ? new Date() : row.approvedAt && row.tokenRequestedAt ? row.tokenRequestedAt : row.createdAt;
  return { kind, credentialId, requestedAt: requestedAt.toISOString() };
}

/**
 * Approves a client or interface an administrator created (or issues a new token one asked for), as a
 * dermatologist of its own through the dermatologist's action (the two-person rule), then acts as `restore`
 * again. Returns the dermatologist and the token the action showed them, once.
 */
export async function approveAsDermatologist(kind: TokenKind, credentialId: string, restore: { id: string } | null) {
  const dermatologist = await makeUser("DERMATOLOGIST");
  actAs(dermatologist);
  const state = await approveTokenAction(IDLE, form(await decisionFields(kind, credentialId)));
  actAs(restore);
  if (state.status !== "ok" || !state.reveal) throw new Error(`token not approved: ${JSON.stringify(state)}`);
  return { dermatologist, token: state.reveal.values[0]! };
}

/**
 * A client or interface as the flow before token custody left it (written directly, as that flow's rows stand in
 * the database): its token made when an administrator created it and shown to that administrator (returned), only
 * its hash stored, never issued to a dermatologist; approved or not. Migration 20270202000000_token_custody
 * leaves such rows so (tokenIssuedAt null), a new token asked for by no one when `requested`.
 */
export async function tokenShownToAdministrator(kind: TokenKind, opts: { approved: boolean; requested?: boolean; role?: Exclude<Role, "ADMIN"> }) {
  const admin = await makeUser("ADMIN");
  const token = `${kind === "API_CLIENT" ? "itk_" : "ihl7_"}${randomBytes(32).toString("base64url")}`;
  const data = {
    name: `Old ${kind === "API_CLIENT" ? "client" : "lab"} ${token.slice(-6)}`,
    tokenHash: createHash("sha256").update(token).digest("hex"),
    tokenHint: token.slice(0, kind === "API_CLIENT" ? 8 : 9),
    createdById: admin.id,
    approvedAt: opts.approved ? new Date() : null,
    tokenRequestedAt: opts.requested ? new Date() : null,
  };
  const { id } =
    kind === "API_CLIENT"
      ? await testDb().apiClient.create({ data: { ...data, role: opts.role ?? "NURSE" }, select: { id: true } })
      : await testDb().hl7Interface.create({ data, select: { id: true } });
  return { id, token, admin, name: data.name };
}

/**
 * An administrator asks for a new token of the client, and is then made a dermatologist by the client's own
 * administrator: the asker, acted as on return (the two-person rule refuses them the token they asked for).
 */
export async function askerMadeDermatologist(client: { id: string; admin: { id: string } }) {
  const asker = await makeUser("ADMIN");
  actAs(asker);
  if ((await requestApiClientTokenAction(IDLE, form({ clientId: client.id }))).status !== "ok") throw new Error("The new token was not asked for.");
  actAs(client.admin);
  if ((await changeRoleAction(IDLE, form({ userId: asker.id, role: "DERMATOLOGIST" }))).status !== "ok") throw new Error("The asker's role did not change.");
  actAs(asker);
  return asker;
}
