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

const db = () => testDb();
const audits = () => db().auditEvent.count();
const auditsFor = (entityId: string) =>
  db().auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" }, select: { action: true, actorId: true, changes: true } });
const NO_PERMISSION = "You do not have permission to do this.";

describe("API clients wait for a dermatologist's approval", () => {
  it("refuses an unapproved client's token with 401 and audits why; approved by a dermatologist, it reads", async () => {
    const patient = await makePatient();
    const client = await makeApiClient("NURSE", { approved: false });
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
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toEqual({
      status: "ok",
      message: "NURSE client approved. Its token works from its next call on.",
    });
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.approvedById, row.approvedAt === null]).toEqual([dermatologist.id, false]);
    expect((await auditsFor(client.id)).at(-1)).toEqual({ action: "user.api_client_approved", actorId: dermatologist.id, changes: { name: "NURSE client" } });

    const found = await fhirGet(`Patient?identifier=${patient.mrn}`, client.token);
    expect([found.status, found.body.total, found.body.entry[0].resource.id]).toEqual([200, 1, patient.id]);

    // The administrator's list says who approved it; revocation still works after approval.
    const listed = (await listApiClients({ role: "ADMIN" })).find((c) => c.id === client.id)!;
    expect(listed.approvedBy).toEqual({ name: "Test DERMATOLOGIST" });
    actAs(client.admin);
    expect(await revokeApiClientAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "ok" });
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);
  });

  it("lists waiting tokens for dermatologists without the token, and counts them for the navigation", async () => {
    const dermatologist = await makeUser("DERMATOLOGIST");
    const before = await countTokensAwaitingApproval(dermatologist);
    const client = await makeApiClient("STAFF", { approved: false });
    const lab = await makeLabInterface(await makeUser("ADMIN"), `Waiting lab ${randomUUID().slice(0, 8)}`, { approved: false });
    expect(await countTokensAwaitingApproval(dermatologist)).toBe(before + 2);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) expect(await countTokensAwaitingApproval({ role })).toBe(0);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const)
      await expect(listTokensAwaitingApproval({ role })).rejects.toThrow("You do not have permission to see this.");

    const waiting = await listTokensAwaitingApproval(dermatologist);
    const mine = waiting.filter((t) => t.id === client.id || t.id === lab.interfaceId);
    expect(mine.map((t) => [t.kind, t.role, t.createdBy, Object.keys(t).sort().join(",")])).toEqual([
      ["API_CLIENT", "STAFF", "Test ADMIN", "createdAt,createdBy,id,kind,name,role"],
      ["LAB_INTERFACE", null, "Test ADMIN", "createdAt,createdBy,id,kind,name,role"],
    ]);
    const hints = [...(await db().apiClient.findMany({ select: { tokenHint: true } })), ...(await db().hl7Interface.findMany({ select: { tokenHint: true } }))];
    const shown = JSON.stringify(waiting);
    for (const { tokenHint } of hints) expect(shown).not.toContain(tokenHint);
    expect(shown).not.toContain(client.token);
    expect(shown).not.toContain(lab.token);

    actAs(dermatologist);
    await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }));
    expect(await countTokensAwaitingApproval(dermatologist)).toBe(before + 1);
  });

  it("refuses approving a token twice, or one that is revoked, with a clear message and no write", async () => {
    const client = await makeApiClient("DERMATOLOGIST");
    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    const before = await audits();
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({
      status: "error",
      message: "This API client is already approved. An administrator can revoke it.",
    });
    expect(await declineTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id, reason: "Too late" }))).toMatchObject({
      status: "error",
      message: "This API client is already approved. An administrator can revoke it.",
    });
    expect(await approveTokenAction(IDLE, form({ kind: "LAB_INTERFACE", credentialId: client.id }))).toMatchObject({
      status: "error",
      message: "That lab interface no longer exists.",
    });
    expect(await audits()).toBe(before);

    const revoked = await makeApiClient("NURSE", { approved: false });
    actAs(revoked.admin);
    await revokeApiClientAction(IDLE, form({ clientId: revoked.id }));
    actAs(dermatologist);
    const afterRevoke = await audits();
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: revoked.id }))).toMatchObject({
      status: "error",
      message: "This API client was revoked or declined: its token can no longer be approved or declined.",
    });
    expect([(await db().apiClient.findUniqueOrThrow({ where: { id: revoked.id } })).approvedAt, await audits()]).toEqual([null, afterRevoke]);
  });

  it("a declined client is revoked with its reason and stays dead: approving it later is refused", async () => {
    const patient = await makePatient();
    const client = await makeApiClient("DERMATOLOGIST", { approved: false });
    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    expect(await declineTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({
      status: "error",
      fieldErrors: { reason: ["Enter why the token is declined."] },
    });
    expect(await declineTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id, reason: "Not a system we connect to" }))).toEqual({
      status: "ok",
      message: "DERMATOLOGIST client declined. Its token is revoked and will never work.",
    });
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.revokedById, row.revokedAt === null, row.approvedAt]).toEqual([dermatologist.id, false, null]);
    expect((await auditsFor(client.id)).at(-1)).toEqual({
      action: "user.api_client_declined",
      actorId: dermatologist.id,
      changes: { name: "DERMATOLOGIST client", reason: "Not a system we connect to" },
    });

    const other = await makeUser("DERMATOLOGIST");
    actAs(other);
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({
      status: "error",
      message: "This API client was revoked or declined: its token can no longer be approved or declined.",
    });
    const refused = await fhirGet(`Patient?identifier=${patient.mrn}`, client.token);
    expect(refused.status).toBe(401);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: client.id }, orderBy: { id: "desc" } });
    expect(denied.changes).toEqual({ reason: "revoked", resourceType: "Patient" });
    expect((await listApiClients({ role: "ADMIN" })).find((c) => c.id === client.id)!.revokedBy).toEqual({ name: "Test DERMATOLOGIST" });
  });

  it("nurses, office staff and administrators cannot approve or decline: refused, attempt recorded, nothing written", async () => {
    const client = await makeApiClient("NURSE", { approved: false });
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) {
      actAs(await makeUser(role));
      const before = await audits();
      expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({ status: "error", message: NO_PERMISSION });
      expect(await declineTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id, reason: "No" }))).toMatchObject({
        status: "error",
        message: NO_PERMISSION,
      });
      // Two refused attempts recorded, nothing else.
      expect(await audits()).toBe(before + 2);
    }
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.approvedAt, row.approvedById, row.revokedAt]).toEqual([null, null, null]);
  });

  it("the administrator who created a token cannot approve it, not as an administrator nor after becoming a dermatologist", async () => {
    const client = await makeApiClient("DERMATOLOGIST", { approved: false });
    actAs(client.admin);
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({ status: "error", message: NO_PERMISSION });

    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: client.admin.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "ok" });
    actAs(client.admin);
    const before = await audits();
    expect(await approveTokenAction(IDLE, form({ kind: "API_CLIENT", credentialId: client.id }))).toMatchObject({
      status: "error",
      message: "You created this API client: another dermatologist must approve it.",
    });
    expect([(await db().apiClient.findUniqueOrThrow({ where: { id: client.id } })).approvedAt, await audits()]).toEqual([null, before]);
    expect((await fhirGet("Patient?identifier=NOBODY", client.token)).status).toBe(401);
    // The database refuses it too.
    await expect(db().apiClient.update({ where: { id: client.id }, data: { approvedAt: new Date(), approvedById: client.admin.id } })).rejects.toThrow(
      /api_clients_approver_not_creator/,
    );
  });
});

describe("lab interfaces wait for a dermatologist's approval", () => {
  it("/hl7 refuses an unapproved interface's token as an invalid one (401, AR) and audits why; approved, it imports", async () => {
    const patient = await makePatient();
    const admin = await makeUser("ADMIN");
    const lab = await makeLabInterface(admin, `Unapproved lab ${randomUUID().slice(0, 8)}`, { approved: false });
    const messages = await db().hl7Message.count();
    const refused = await postHl7(lab.token, oru("APPROVAL-1", patient.mrn, [tg(120, "F")]));
    expect([refused.status, refused.msa.slice(0, 3)]).toEqual([401, ["AR", "", "A valid lab interface token is required: Authorization: Bearer <token>."]]);
    expect(await db().hl7Message.count()).toBe(messages);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: lab.interfaceId } });
    expect([denied.actorId, denied.actorRole, denied.entityType, denied.changes]).toEqual([lab.interfaceId, null, "Hl7Interface", { reason: "not approved" }]);

    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    expect(await approveTokenAction(IDLE, form({ kind: "LAB_INTERFACE", credentialId: lab.interfaceId }))).toMatchObject({ status: "ok" });
    expect((await auditsFor(lab.interfaceId)).at(-1)).toMatchObject({ action: "user.lab_interface_approved", actorId: dermatologist.id });
    const listed = (await listLabInterfaces({ role: "ADMIN" })).find((l) => l.id === lab.interfaceId)!;
    expect(listed.approvedBy).toEqual({ name: "Test DERMATOLOGIST" });

    const accepted = await postHl7(lab.token, oru("APPROVAL-1", patient.mrn, [tg(120, "F")]));
    expect([accepted.status, accepted.msa.slice(0, 2)]).toEqual([200, ["AA", "APPROVAL-1"]]);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(1);
  });

  it("a declined interface is refused as a revoked one", async () => {
    const lab = await makeLabInterface(await makeUser("ADMIN"), `Declined lab ${randomUUID().slice(0, 8)}`, { approved: false });
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await declineTokenAction(IDLE, form({ kind: "LAB_INTERFACE", credentialId: lab.interfaceId, reason: "Unknown laboratory" }))).toMatchObject({
      status: "ok",
    });
    const patient = await makePatient();
    expect((await postHl7(lab.token, oru("DECLINED-1", patient.mrn, [tg(120, "F")]))).status).toBe(401);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: lab.interfaceId } });
    expect(denied.changes).toEqual({ reason: "revoked" });
  });
});
