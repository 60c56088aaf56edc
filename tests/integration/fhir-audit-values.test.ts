import { beforeAll, describe, expect, it } from "vitest";
import { revokeApiClientAction } from "@/app/(portal)/admin/api-clients/actions";
import { getAuditReport } from "@/lib/data/audit-report";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makePatient, testDb } from "./helpers";

/**
 * A FHIR call's audit row, which administrators read whole, names what the API knows by name and nothing a
 * client typed in its place: a path segment where a type or an operation goes can be a value (an MRN sent as
 * `/fhir/<MRN>` or `/fhir/Patient/<id>/<MRN>`), as a query's unknown name can (`Patient?<MRN>`).
 */

let patient: { id: string; mrn: string };
beforeAll(async () => {
  patient = await makePatient();
});

const lastRow = (actorId: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId }, orderBy: { id: "desc" } });
const adminReads = async (actorId: string) =>
  JSON.stringify((await getAuditReport({ role: "ADMIN" }, { actorId, page: 1 })).rows.map((r) => [r.action, r.entityType, r.entityId, r.changes]));

describe("FHIR audit rows: no value a client typed where a name goes", () => {
  it("records an unknown resource type or operation as (unknown), for a live client's call", async () => {
    const client = await makeApiClient("NURSE");
    const asType = await fhirGet(encodeURIComponent(patient.mrn), client.token);
    expect(asType.status).toBe(404);
    expect(await lastRow(client.id)).toMatchObject({ action: "patients.view_fhir", changes: { resourceType: "(unknown)", status: 404 } });

    const asOperation = await fhirGet(`Patient/${patient.id}/${encodeURIComponent(patient.mrn)}`, client.token);
    expect(asOperation.status).toBe(404);
    expect(await lastRow(client.id)).toMatchObject({ changes: { interaction: "(unknown)", resourceType: "Patient", status: 404 } });

    // A type and an operation the API knows keep their names.
    expect((await fhirGet(`Patient/${patient.id}/$everything`, client.token)).status).toBe(200);
    expect(await lastRow(client.id)).toMatchObject({ changes: { interaction: "$everything", resourceType: "Patient" } });
    expect(await adminReads(client.id)).not.toContain(patient.mrn);
  });

  it("records an unknown resource type as (unknown) for a revoked client's refused call", async () => {
    const client = await makeApiClient("STAFF");
    actAs(client.admin);
    expect(await revokeApiClientAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "ok" });
    actAs(null);
    expect((await fhirGet(encodeURIComponent(patient.mrn), client.token)).status).toBe(401);
    expect(await lastRow(client.id)).toMatchObject({ action: "access.denied", changes: { reason: "revoked", resourceType: "(unknown)" } });
    expect((await fhirGet(`Flag?patient=${patient.id}`, client.token)).status).toBe(401);
    expect(await lastRow(client.id)).toMatchObject({ action: "access.denied", changes: { reason: "revoked", resourceType: "Flag" } });
  });
});
