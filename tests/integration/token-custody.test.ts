import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiClientAction, requestApiClientTokenAction } from "@/app/(portal)/admin/api-clients/actions";
import { createLabInterfaceAction, requestLabInterfaceTokenAction } from "@/app/(portal)/admin/lab-interfaces/actions";
import { approveTokenAction, declineTokenAction } from "@/app/(portal)/approvals/token-actions";
import { listTokensAwaitingApproval } from "@/lib/data/token-approvals";
import { listApiClients } from "@/lib/fhir/clients";
import { listLabInterfaces } from "@/lib/hl7/interfaces";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { hcg, oru, postHl7 } from "./hl7-helpers";
import { approveAsDermatologist, askerMadeDermatologist, decisionFields, tokenShownToAdministrator } from "./token-helpers";

/*
 * Custody of system tokens: a token reaches its system through the dermatologist who approves it, never through an
 * administrator alone (lib/data/token-decisions.ts). Tokens shown to administrators before are withdrawn by
 * migration 20270202000000_token_custody, whose data statements are run again here, as the migrations' owner,
 * over rows written as the flow before left them (the test database is already migrated).
 */
const db = () => testDb();
/** A whole token (its first characters alone, the hint of a row, are shown to administrators). */
const TOKEN_SHAPE = /(itk_|ihl7_)[A-Za-z0-9_-]{43}/;
const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const MIGRATION = readFileSync("prisma/migrations/20270202000000_token_custody/migration.sql", "utf8");
const dataStatements = MIGRATION.replace(/^--.*$/gm, "")
  .split(";")
  .map((s) => s.trim())
  .filter((s) => s.startsWith("UPDATE"));
/** The account events about a credential (its calls, audited under its id too, left out). */
const auditsFor = (entityId: string) =>
  db().auditEvent.findMany({
    where: { entityId, action: { startsWith: "user." } },
    orderBy: { id: "asc" },
    select: { action: true, actorId: true, changes: true },
  });

let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject("ownerUrl") });
  await owner.connect();
});
afterAll(() => owner.end());

describe("an administrator alone never obtains a working token", () => {
  it("creates a client and an interface without any token, cannot approve them, and cannot ask for a token before approval", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const tag = randomUUID().slice(0, 8);
    const client = await createApiClientAction(IDLE, form({ name: `Regional HIE ${tag}`, role: "DERMATOLOGIST" }));
    const lab = await createLabInterfaceAction(IDLE, form({ name: `Acme lab ${tag}` }));
    expect(client).toEqual({
      status: "ok",
      message: `API client Regional HIE ${tag} created, without a token. A dermatologist approves it under Approvals and is shown its token, once, to hand to the system.`,
    });
    expect(lab).toMatchObject({ status: "ok" });
    expect(JSON.stringify([client, lab])).not.toMatch(TOKEN_SHAPE);
    const clientRow = await db().apiClient.findFirstOrThrow({ where: { createdById: admin.id } });
    const labRow = await db().hl7Interface.findFirstOrThrow({ where: { createdById: admin.id } });
    for (const row of [clientRow, labRow]) expect([row.tokenHash, row.tokenHint, row.tokenIssuedAt]).toEqual([null, null, null]);

    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", clientRow.id)) }))).toMatchObject({ status: "error" });
    expect(await requestApiClientTokenAction(IDLE, form({ clientId: clientRow.id }))).toMatchObject({
      status: "error",
      message: "This API client waits for a dermatologist's approval, which issues its token.",
    });
    expect(await requestLabInterfaceTokenAction(IDLE, form({ interfaceId: labRow.id }))).toMatchObject({ status: "error" });
    // Nothing the administrator reads carries a token.
    const read = JSON.stringify([await listApiClients(admin), await listLabInterfaces(admin), await auditsFor(clientRow.id), await auditsFor(labRow.id)]);
    expect(read).not.toMatch(TOKEN_SHAPE);
  });

  it("asks for a new token and is shown none; the dermatologist who issues it is, and the token before stops working", async () => {
    const patient = await makePatient();
    const client = await makeApiClient("NURSE");
    const first = client.token;
    actAs(client.admin);
    const asked = await requestApiClientTokenAction(IDLE, form({ clientId: client.id }));
    expect(asked).toEqual({
      status: "ok",
      message: "New token asked for. A dermatologist issues it under Approvals and hands it to the system; the token in service works until then.",
    });
    expect(await requestApiClientTokenAction(IDLE, form({ clientId: client.id }))).toMatchObject({
      status: "error",
      message: "A new token for this API client is already asked for: it waits for a dermatologist under Approvals.",
    });
    // The token in service works until the new one is issued.
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, first)).status).toBe(200);
    const holder = (await db().apiClient.findUniqueOrThrow({ where: { id: client.id }, select: { tokenIssuedBy: { select: { name: true } } } })).tokenIssuedBy;
    const [waiting] = (await listTokensAwaitingApproval({ role: "DERMATOLOGIST" })).filter((t) => t.id === client.id);
    expect([waiting!.request, waiting!.requestedBy, waiting!.currentToken?.issuedTo]).toEqual(["NEW_TOKEN", "Test ADMIN", holder!.name]);

    const { dermatologist, token: second } = await approveAsDermatologist("API_CLIENT", client.id, null);
    expect(second).not.toBe(first);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, first)).status).toBe(401);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, second)).status).toBe(200);
    const row = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    expect([row.tokenHash, row.tokenIssuedById, row.tokenRequestedAt]).toEqual([sha256(second), dermatologist.id, null]);
    expect((await auditsFor(client.id)).slice(-2)).toEqual([
      { action: "user.api_client_token_requested", actorId: client.admin.id, changes: { name: "NURSE client" } },
      { action: "user.api_client_token_issued", actorId: dermatologist.id, changes: { name: "NURSE client", tokenHint: second.slice(0, 8) } },
    ]);
  });

  it("the one who asked for a new token cannot issue it after becoming a dermatologist; another dermatologist may decline it, the token in service stays", async () => {
    const client = await makeApiClient("STAFF");
    await askerMadeDermatologist(client);
    expect(await approveTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)) }))).toMatchObject({
      status: "error",
      message: "You asked for this API client's new token: another dermatologist must issue it.",
    });
    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    expect(await declineTokenAction(IDLE, form({ ...(await decisionFields("API_CLIENT", client.id)), reason: "Its staff did not ask for one" }))).toEqual({
      status: "ok",
      message: "New token for STAFF client declined. None was issued; the token it had is unchanged.",
    });
    expect((await fhirGet("Patient?identifier=NOBODY", client.token)).status).toBe(200);
    expect((await db().apiClient.findUniqueOrThrow({ where: { id: client.id } })).tokenRequestedAt).toBeNull();
    expect((await auditsFor(client.id)).at(-1)).toEqual({
      action: "user.api_client_token_declined",
      actorId: dermatologist.id,
      changes: { name: "STAFF client", reason: "Its staff did not ask for one" },
    });
  });
});

describe("tokens shown to an administrator before token custody", () => {
  it("are refused as withdrawn, audited, and each in service waits under Approvals for a token a dermatologist issues", async () => {
    const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const client = await tokenShownToAdministrator("API_CLIENT", { approved: true, role: "STAFF" });
    const lab = await tokenShownToAdministrator("LAB_INTERFACE", { approved: true });
    for (const statement of dataStatements) await owner.query(statement);

    // The office staff client's token no longer reads demographics; the laboratory's no longer writes a negative hCG.
    const read = await fhirGet(`Patient?identifier=${patient.mrn}`, client.token);
    expect([read.status, JSON.stringify(read.body)]).toEqual([401, expect.not.stringContaining(patient.lastName)]);
    const posted = await postHl7(lab.token, oru(`OLD-${randomUUID().slice(0, 8)}`, patient.mrn, [hcg("Negative", "F")]));
    expect([posted.status, posted.msa[0]]).toEqual([401, "AR"]);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);
    for (const id of [client.id, lab.id])
      expect((await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: id } })).changes).toMatchObject({ reason: "withdrawn" });

    const waiting = (await listTokensAwaitingApproval({ role: "DERMATOLOGIST" })).filter((t) => t.id === client.id || t.id === lab.id);
    expect(waiting.map((t) => [t.kind, t.request, t.requestedBy, t.currentToken])).toEqual([
      ["API_CLIENT", "NEW_TOKEN", null, null],
      ["LAB_INTERFACE", "NEW_TOKEN", null, null],
    ]);
    // Run again, the migration changes nothing more.
    const requested = await db().apiClient.findUniqueOrThrow({ where: { id: client.id } });
    for (const statement of dataStatements) await owner.query(statement);
    expect((await db().apiClient.findUniqueOrThrow({ where: { id: client.id } })).tokenRequestedAt).toEqual(requested.tokenRequestedAt);

    const { token } = await approveAsDermatologist("API_CLIENT", client.id, null);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, token)).status).toBe(200);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);
  });
});
