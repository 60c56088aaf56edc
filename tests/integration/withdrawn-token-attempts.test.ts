import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestApiClientTokenAction } from "@/app/(portal)/admin/api-clients/actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makePatient, testDb } from "./helpers";
import { hcg, oru, postHl7 } from "./hl7-helpers";
import { approveAsDermatologist, tokenShownToAdministrator } from "./token-helpers";

/*
 * A token shown to an administrator before token custody is withdrawn (migration 20270202000000_token_custody):
 * its hash was kept "so that its attempts are refused as 'withdrawn' and named in the audit trail". Once a
 * dermatologist issues the client's (or interface's) new token, the hash that named the administrator's token
 * is overwritten: the administrator's token is still refused, but its use no longer names the client, and leaves
 * no row at all. The token an administrator held is the one whose later use the trail most needs to show.
 */
const attemptsOn = (entityId: string) =>
  testDb().auditEvent.findMany({ where: { action: "access.denied", entityId }, orderBy: { id: "asc" }, select: { changes: true } });

describe("a token withdrawn from an administrator, once its system has a new token", () => {
  it("FHIR: still refused, and its attempt still named in the audit trail", async () => {
    const patient = await makePatient();
    // Approved, in service, waiting for the new token the migration asked for (the administrator's token withdrawn).
    const client = await tokenShownToAdministrator("API_CLIENT", { approved: true, requested: true, role: "NURSE" });
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);
    expect(await attemptsOn(client.id)).toEqual([{ changes: expect.objectContaining({ reason: "withdrawn" }) }]);

    const { token } = await approveAsDermatologist("API_CLIENT", client.id, null);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, token)).status).toBe(200);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);
    expect(await attemptsOn(client.id)).toEqual([
      { changes: expect.objectContaining({ reason: "withdrawn" }) },
      { changes: expect.objectContaining({ reason: "withdrawn" }) },
    ]);
  });

  it("HL7: still refused, and its attempt still named in the audit trail", async () => {
    const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const lab = await tokenShownToAdministrator("LAB_INTERFACE", { approved: true, requested: true });
    await approveAsDermatologist("LAB_INTERFACE", lab.id, null);
    const posted = await postHl7(lab.token, oru(`WD-${randomUUID().slice(0, 8)}`, patient.mrn, [hcg("Negative", "F")]));
    expect([posted.status, posted.msa[0]]).toEqual([401, "AR"]);
    expect(await testDb().labResult.count({ where: { patientId: patient.id } })).toBe(0);
    expect(await attemptsOn(lab.id)).toEqual([{ changes: expect.objectContaining({ reason: "withdrawn" }) }]);
  });

  it("a token replaced by the one a dermatologist issued next: refused, and its attempt named as replaced", async () => {
    const patient = await makePatient();
    const client = await makeApiClient("NURSE");
    actAs(client.admin);
    expect(await requestApiClientTokenAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "ok" });
    const { token } = await approveAsDermatologist("API_CLIENT", client.id, null);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, client.token)).status).toBe(401);
    expect((await fhirGet(`Patient?identifier=${patient.mrn}`, token)).status).toBe(200);
    expect(await attemptsOn(client.id)).toEqual([{ changes: { reason: "replaced", resourceType: "Patient" } }]);
  });
});
