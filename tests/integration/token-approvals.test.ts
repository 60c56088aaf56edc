import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { revokeApiClientAction } from "@/app/(portal)/admin/api-clients/actions";
import { changeRoleAction } from "@/app/(portal)/admin/users/actions";
import { approveTokenAction, declineTokenAction } from "@/app/(portal)/approvals/token-actions";
import { countTokensAwaitingApproval, listTokensAwaitingApproval } from "@/lib/data/token-approvals";
import { listApiClients } from "@/lib/fhir/clients";
import { listLabInterfaces } from "@/lib/hl7/interfaces";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";
import { decisionFields, tokenShownToAdministrator } from "./token-helpers";

const db = () => testDb();
const audits = () => db().auditEvent.count();
const auditsFor = (entityId: string) =>
  db().auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" }, select: { action: true, actorId: true, changes: true } });
const NO_PERMISSION = "You do not have permission to do this.";
const issuedToken = (state: Awaited<ReturnType<typeof approveTokenAction>>) => (state.status === "ok" ? (state.reveal?.values ?? []) : []);

describe("API clients wait for a dermatologist's approval", () => {
  it("refuses a token an administrator was shown while its client waits, audits why; approved, a new token is issued and reads", async () => {
    const patient = await makePatient();
    const client = await tokenShownToAdministrator("API_CLIENT", { approved: false });
    const refused = await fhirGet(`Patient?identifier=${patient.mrn}`, client.token);
    expect([refused.status, refused.body.resourceType, refused.body.issue[0].code, refused.headers.get("www-authenticate")]).toEqual([
      401,
      "OperationOutcome",
      "login",
      'Bearer realm="fhir"',
    ]);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: client.id } });
    expect([denied.actorId, denied.actorRole, denied.entityType, denied.patientId, denied.changes]).toEqual([
      client.id,
      "NURSE",
      "ApiClient",
      null,
      { reason: "not approved", resourceType: "Patient" },
    ]);
    expect((await db().apiClient.findUniqueOrThrow({ where: { id: client.id } })).lastUsedAt).toBeNull();

    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    const approved = await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }));
    expect(approved).toMatchObject({ status: "ok", message: `${client.name} approved. Its token, below, works from its first call.` });
    const [token] = issuedToken(approved);
    expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.approvedById, row.approvedAt === null, row.tokenIssuedById, row.tokenHint]).toEqual([
      dermatologist.id,
      false,
      dermatologist.id,
      token!.slice(0, 8),
    ]);
    expect((await auditsFor(client.id)).at(-1)).toEqual({
      action: "user.api_client_approved",
      actorId: dermatologist.id,
      changes: { name: client.name, tokenHint: token!.slice(0, 8) },
    });

    const found = await fhirGet(`Patient?identifier=${patient.mrn}`, token!);
    expect([found.status, found.body.total, found.body.entry[0].resource.id]).toEqual([200, 1, patient.id]);
    // The token the administrator was shown is no longer the client's.
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);

    // The administrator's list says who approved it and who holds its token; revocation still works after approval.
    const listed = (await listApiClients({ role: "ADMIN" })).find((c) => c.id === client.id)!;
    expect([listed.approvedBy, listed.tokenIssuedBy]).toEqual([{ name: "Test DERMATOLOGIST" }, { name: "Test DERMATOLOGIST" }]);
    actAs(client.admin);
    expect(await revokeApiClientAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "ok" });
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, token!)).status).toBe(401);
  });

  it("lists what waits for dermatologists without any token, and counts it for the navigation", async () => {
    const dermatologist = await makeUser("DERMATOLOGIST");
    const before = await countTokensAwaitingApproval(dermatologist);
    const client = await makeApiClient("STAFF", { approved: false });
    const admin = await makeUser("ADMIN");
    const lab = await makeLabInterface(admin, `Waiting lab ${randomUUID().slice(0, 8)}`, { approved: false });
    expect(await countTokensAwaitingApproval(dermatologist)).toBe(before + 2);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) expect(await countTokensAwaitingApproval({ role })).toBe(0);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const)
      await expect(listTokensAwaitingApproval({ role })).rejects.toThrow("You do not have permission to see this.");

    const waiting = await listTokensAwaitingApproval(dermatologist);
    const mine = waiting.filter((t) => t.id === client.id || t.id === lab.interfaceId);
    expect(mine.map((t) => [t.kind, t.role, t.request, t.requestedBy, t.createdBy, t.currentToken, t.requestedAt.getTime() === t.createdAt.getTime()])).toEqual(
      [
        ["API_CLIENT", "STAFF", "APPROVAL", "Test ADMIN", "Test ADMIN", null, true],
        ["LAB_INTERFACE", null, "APPROVAL", "Test ADMIN", "Test ADMIN", null, true],
      ],
    );
    const hints = [...(await db().apiClient.findMany({ select: { tokenHint: true } })), ...(await db().hl7Interface.findMany({ select: { tokenHint: true } }))];
    const shown = JSON.stringify(waiting);
    for (const { tokenHint } of hints) if (tokenHint) expect(shown).not.toContain(tokenHint);
    expect(shown).not.toMatch(/itk_|ihl7_/);

    actAs(dermatologist);
    await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }));
    expect(await countTokensAwaitingApproval(dermatologist)).toBe(before + 1);
  });

  it("refuses approving a client twice, or one that is revoked, with a clear message and no write", async () => {
    const client = await makeApiClient("DERMATOLOGIST");
    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    const before = await audits();
    const answered = "This API client is approved and waits for no new token. An administrator can ask for one.";
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({ status: "error", message: answered });
    expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)), reason: "Too late" }))).toMatchObject({
      status: "error",
      message: answered,
    });
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("LAB_INTERFACE", client.id)) }))).toMatchObject({
      status: "error",
      message: "That lab interface no longer exists.",
    });
    expect(await audits()).toBe(before);
    expect((await fhirGet("Patient?identifier=NOBODY", client.token)).status).toBe(200);

    const revoked = await makeApiClient("NURSE", { approved: false });
    actAs(revoked.admin);
    await revokeApiClientAction(IDLE, form({ clientId: revoked.id }));
    actAs(dermatologist);
    const afterRevoke = await audits();
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", revoked.id)) }))).toMatchObject({
      status: "error",
      message: "This API client was revoked or declined: no token can be issued for it.",
    });
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: revoked.id } });
    expect([row.approvedAt, row.tokenHash, row.tokenIssuedAt, await audits()]).toEqual([null, null, null, afterRevoke]);
  });

  it("a declined client is revoked with its reason, no token issued, and stays dead: approving it later is refused", async () => {
    const client = await makeApiClient("DERMATOLOGIST", { approved: false });
    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      fieldErrors: { reason: ["Enter why the token is declined."] },
    });
    expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)), reason: "Not a system we connect to" }))).toEqual({
      status: "ok",
      message: "DERMATOLOGIST client declined. It is revoked, and no token will ever be issued for it.",
    });
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.revokedById, row.revokedAt === null, row.approvedAt, row.tokenHash]).toEqual([dermatologist.id, false, null, null]);
    expect((await auditsFor(client.id)).at(-1)).toEqual({
      action: "user.api_client_declined",
      actorId: dermatologist.id,
      changes: { name: "DERMATOLOGIST client", reason: "Not a system we connect to" },
    });

    actAs(await makeUser("DERMATOLOGIST"));
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: "This API client was revoked or declined: no token can be issued for it.",
    });
    expect((await listApiClients({ role: "ADMIN" })).find((c) => c.id === client.id)!.revokedBy).toEqual({ name: "Test DERMATOLOGIST" });
  });

  it("nurses, office staff and administrators cannot approve or decline: refused, attempt recorded, nothing written", async () => {
    const client = await makeApiClient("NURSE", { approved: false });
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) {
      actAs(await makeUser(role));
      const before = await audits();
      expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
        status: "error",
        message: NO_PERMISSION,
      });
      expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)), reason: "No" }))).toMatchObject({
        status: "error",
        message: NO_PERMISSION,
      });
      // Two refused attempts recorded, nothing else.
      expect(await audits()).toBe(before + 2);
    }
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.approvedAt, row.approvedById, row.revokedAt, row.tokenHash]).toEqual([null, null, null, null]);
  });

  it("the administrator who created a client cannot approve it nor be issued its token, even after becoming a dermatologist", async () => {
    const client = await makeApiClient("DERMATOLOGIST", { approved: false });
    actAs(client.admin);
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: NO_PERMISSION,
    });

    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: client.admin.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "ok" });
    actAs(client.admin);
    const before = await audits();
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: "You created this API client: another dermatologist must approve it.",
    });
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    // Nothing written but the attempt, recorded as the rule's (token-rule-refusals-audited.test.ts).
    expect([row.approvedAt, row.tokenHash, await audits()]).toEqual([null, null, before + 1]);
    // The database refuses it too.
    await expect(db().apiClient.update({ where: { id: client.id }, data: { approvedAt: new Date(), approvedById: client.admin.id } })).rejects.toThrow(
      /api_clients_approver_not_creator/,
    );
    await expect(
      db().apiClient.update({ where: { id: client.id }, data: { tokenHash: "x", tokenIssuedAt: new Date(), tokenIssuedById: client.admin.id } }),
    ).rejects.toThrow(/api_clients_issuer_not_creator/);
    await expect(db().apiClient.update({ where: { id: client.id }, data: { tokenIssuedAt: new Date() } })).rejects.toThrow(/api_clients_issued_with_hash/);
  });
});

describe("lab interfaces wait for a dermatologist's approval", () => {
  it("/hl7 refuses a token an administrator was shown while the interface waits (401, AR) and audits why; approved, a new token imports", async () => {
    const patient = await makePatient();
    const lab = await tokenShownToAdministrator("LAB_INTERFACE", { approved: false });
    const messages = await db().hl7Message.count();
    const refused = await postHl7(lab.token, oru("APPROVAL-1", patient.mrn, [tg(120, "F")]));
    expect([refused.status, refused.msa.slice(0, 3)]).toEqual([401, ["AR", "", "A valid lab interface token is required: Authorization: Bearer <token>."]]);
    expect(await db().hl7Message.count()).toBe(messages);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: lab.id } });
    expect([denied.actorId, denied.actorRole, denied.entityType, denied.changes]).toEqual([lab.id, null, "Hl7Interface", { reason: "not approved" }]);

    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    const approved = await approveTokenAction(IDLE, form({ ...(await decisionFields("LAB_INTERFACE", lab.id)) }));
    const [token] = issuedToken(approved);
    expect(token).toMatch(/^ihl7_[A-Za-z0-9_-]{43}$/);
    expect((await auditsFor(lab.id)).at(-1)).toEqual({
      action: "user.lab_interface_approved",
      actorId: dermatologist.id,
      changes: { name: lab.name, tokenHint: token!.slice(0, 9) },
    });
    const listed = (await listLabInterfaces({ role: "ADMIN" })).find((l) => l.id === lab.id)!;
    expect([listed.approvedBy, listed.tokenIssuedBy]).toEqual([{ name: "Test DERMATOLOGIST" }, { name: "Test DERMATOLOGIST" }]);

    expect((await postHl7(lab.token, oru("APPROVAL-1", patient.mrn, [tg(120, "F")]))).status).toBe(401);
    const accepted = await postHl7(token!, oru("APPROVAL-1", patient.mrn, [tg(120, "F")]));
    expect([accepted.status, accepted.msa.slice(0, 2)]).toEqual([200, ["AA", "APPROVAL-1"]]);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(1);
  });

  it("a declined interface is revoked: a token an administrator was shown is refused as revoked", async () => {
    const lab = await tokenShownToAdministrator("LAB_INTERFACE", { approved: false });
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("LAB_INTERFACE", lab.id)), reason: "Unknown laboratory" }))).toMatchObject({
      status: "ok",
    });
    const patient = await makePatient();
    expect((await postHl7(lab.token, oru("DECLINED-1", patient.mrn, [tg(120, "F")]))).status).toBe(401);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: lab.id } });
    expect(denied.changes).toEqual({ reason: "revoked" });
  });
});
