import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportGet } from "@/app/(portal)/patients/[patientId]/export/fhir/route";
import { createApiClientAction, revokeApiClientAction } from "@/app/(portal)/admin/api-clients/actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { buildRecord, fhirGet, makeApiClient, type FhirRecord, type Res } from "./fhir-record";
import { approveAsDermatologist } from "./token-helpers";
import { actAs, form, makeUser, testDb } from "./helpers";

let rec: FhirRecord;
let derm: { id: string; token: string };
const ids = (bundle: Res) => bundle.entry.map((e: Res) => e.resource.id).sort();
const lastAudit = () => testDb().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

beforeAll(async () => {
  rec = await buildRecord();
  derm = await makeApiClient("DERMATOLOGIST");
});

describe("FHIR API: search and read", () => {
  it("finds a patient by MRN, with or without our identifier system; another system finds nobody", async () => {
    for (const q of [rec.patient.mrn, `https://isotrack.example/fhir/sid/mrn|${rec.patient.mrn}`]) {
      const r = await fhirGet(`Patient?identifier=${encodeURIComponent(q)}`, derm.token);
      expect([r.status, r.contentType, r.body.type, r.body.total, ids(r.body)]).toEqual([
        200,
        "application/fhir+json; charset=utf-8",
        "searchset",
        1,
        [rec.patient.id],
      ]);
      expect(fhirIssues(r.body as never)).toEqual([]);
    }
    expect((await fhirGet(`Patient?identifier=${encodeURIComponent(`urn:other|${rec.patient.mrn}`)}`, derm.token)).body.total).toBe(0);
  });

  it("searches observations by code (with or without system), category and date range", async () => {
    const q = (params: string) => fhirGet(`Observation?patient=${rec.patient.id}&${params}`, derm.token).then((r) => ids(r.body));
    expect(await q("code=2571-8")).toEqual([rec.labs.tg.id]);
    expect(await q(`code=${encodeURIComponent("http://loinc.org|2571-8,http://loinc.org|1742-6")}`)).toEqual([rec.labs.alt.id, rec.labs.tg.id].sort());
    expect(await q("code=urn:other|2571-8")).toEqual([]);
    expect(await q("category=laboratory")).toEqual([rec.labs.alt.id, rec.labs.positive.id, rec.labs.tg.id].sort());
    // ALT on 1 Mar 2025, and course B's cumulative dose (3-30 Mar 2025) overlaps the range; course A ended 30 Jan.
    expect(await q("date=ge2025-02-15&date=le2025-03-15")).toEqual(
      [rec.labs.alt.id, `${rec.courses.b.id}.cumulative-dose-mg`, `${rec.courses.b.id}.cumulative-dose-mg-per-kg`].sort(),
    );
    expect(await q("code=2571-8&date=lt2025-02-01")).toEqual([]);
    expect(await q("code=2571-8&date=2025-02-01")).toEqual([rec.labs.tg.id]);
  });

  it("searches medication requests by status and authoring date, flags and tasks by patient", async () => {
    const mr = await fhirGet(`MedicationRequest?patient=Patient/${rec.patient.id}&status=active`, derm.token);
    expect(ids(mr.body)).toEqual([`dose-${rec.doses.cAlternate.id}`]);
    const rx = await fhirGet(`MedicationRequest?patient=${rec.patient.id}&authoredon=le2024-12-31`, derm.token);
    expect(ids(rx.body)).toEqual([`rx-${rec.rx.a.id}`]);
    expect((await fhirGet(`Flag?patient=${rec.patient.id}`, derm.token)).body.total).toBe(2);
    expect((await fhirGet(`Task?patient=${rec.patient.id}`, derm.token)).body.total).toBeGreaterThan(0);
    expect((await fhirGet(`Task?patient=00000000-0000-4000-8000-000000000000`, derm.token)).body.total).toBe(0);
  });

  it("a dose change's authoring day is the clinic's calendar day, not the UTC one", async () => {
    // The record's dose changes were entered from 2026-01-01T00:01Z on: 19:01 on 31 Dec 2025 in New York.
    const q = (params: string) => fhirGet(`MedicationRequest?patient=${rec.patient.id}&${params}`, derm.token).then((r) => ids(r.body));
    const doses = Object.values(rec.doses)
      .map((d) => `dose-${d.id}`)
      .sort();
    expect(await q("authoredon=2025-12-31")).toEqual(doses);
    expect(await q("authoredon=2026-01-01")).toEqual([]);
    expect(await q("authoredon=ge2026-01-01")).toEqual([]);
  });

  it("reads each kind of resource by id; an unknown id or type is a 404 OperationOutcome", async () => {
    const weight = await testDb().weightMeasurement.findFirstOrThrow({ where: { patientId: rec.patient.id } });
    const task = (await fhirGet(`Task?patient=${rec.patient.id}`, derm.token)).body.entry[0].resource;
    for (const path of [
      `Patient/${rec.patient.id}`,
      `Observation/${rec.labs.tg.id}`,
      `Observation/weight-${weight.id}`,
      `Observation/${rec.courses.a.id}.cumulative-dose-mg`,
      `MedicationRequest/rx-${rec.rx.a.id}`,
      `MedicationRequest/dose-${rec.doses.bCycle.id}`,
      `Flag/${rec.patient.id}.pregnancy-category`,
      `Task/${task.id}`,
    ]) {
      const r = await fhirGet(path, derm.token);
      expect([r.status, `${r.body.resourceType}/${r.body.id}`], path).toEqual([200, path]);
      expect(fhirIssues(r.body as never), path).toEqual([]);
    }
    for (const path of [
      `Patient/00000000-0000-4000-8000-000000000000`,
      `Observation/rx-${rec.rx.a.id}`,
      `Task/${rec.patient.id}.0000000000000000`,
      "Observation/%27%20OR%201=1",
      "Encounter/1",
      "Patient",
      `Patient/${rec.patient.id}/$export`,
    ]) {
      const r = await fhirGet(path, derm.token);
      expect([r.status, r.body.resourceType], path).toEqual([path === "Patient" ? 400 : 404, "OperationOutcome"]);
      expect(fhirIssues(r.body as never)).toEqual([]);
    }
  });

  it("answers bad parameters with 400 and a message naming the parameter", async () => {
    const cases: [string, RegExp][] = [
      [`Observation?patient=${rec.patient.id}&colour=red`, /Unknown search parameter "colour"/],
      ["Observation?code=2571-8", /within one patient/],
      ["Observation?patient=not-an-id", /"patient" must be a Patient id/],
      [`Observation?patient=${rec.patient.id}&date=2025-13-45`, /"date" is not a calendar date/],
      [`Observation?patient=${rec.patient.id}&date=xx2025-01-01`, /"date" must be a date/],
      [`Observation?patient=${rec.patient.id}&date=ge2025-01-01&date=le2025-02-01&date=eq2025-01-15`, /at most twice/],
      [`Observation?patient=${rec.patient.id}&patient=${rec.patient.id}`, /may be given once/],
      [`Observation?patient=${rec.patient.id}&code=${"a,".repeat(25)}a`, /1 to 20 comma-separated codes/],
      [`Patient?identifier=${"x".repeat(300)}`, /"identifier" is too long/],
      [`Patient?identifier=%00`, /control characters/],
    ];
    for (const [path, message] of cases) {
      const r = await fhirGet(path, derm.token);
      expect([r.status, r.body.resourceType], path).toEqual([400, "OperationOutcome"]);
      expect(r.body.issue[0].details.text, path).toMatch(message);
    }
  });
});

describe("FHIR API: tokens and the audit trail", () => {
  it("refuses a missing, malformed or unknown token with 401; a revoked one from the next call on, and records that attempt", async () => {
    for (const token of [null, "nonsense", `itk_${"A".repeat(43)}`]) {
      const r = await fhirGet(`Patient?identifier=${rec.patient.mrn}`, token);
      expect([r.status, r.body.resourceType, r.body.issue[0].code, r.headers.get("www-authenticate")]).toEqual([
        401,
        "OperationOutcome",
        "login",
        'Bearer realm="fhir"',
      ]);
    }
    const client = await makeApiClient("NURSE");
    expect((await fhirGet(`Patient/${rec.patient.id}`, client.token)).status).toBe(200);
    actAs(client.admin);
    expect(await revokeApiClientAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "ok" });
    expect(await lastAudit()).toMatchObject({ action: "user.api_client_revoked", actorId: client.admin.id, entityId: client.id });
    expect(await revokeApiClientAction(IDLE, form({ clientId: client.id }))).toMatchObject({ status: "error" });
    const refused = await fhirGet(`Patient/${rec.patient.id}`, client.token);
    expect(refused.status).toBe(401);
    expect(await lastAudit()).toMatchObject({ action: "access.denied", actorId: client.id, entityType: "ApiClient", patientId: null });
  });

  it("stores only the token's SHA-256, audits the creation, and never gives an administrator's role", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const state = await createApiClientAction(IDLE, form({ name: "Lab interface", role: "NURSE" }));
    if (state.status !== "ok" || state.reveal) throw new Error(state.status);
    const row = await testDb().apiClient.findFirstOrThrow({ where: { createdById: admin.id } });
    expect([row.name, row.tokenHash]).toEqual(["Lab interface", null]);
    expect(await lastAudit()).toMatchObject({
      action: "user.api_client_created",
      actorId: admin.id,
      entityId: row.id,
      changes: { name: "Lab interface", role: "NURSE" },
    });
    const refused = await createApiClientAction(IDLE, form({ name: "Root", role: "ADMIN" }));
    expect(refused).toMatchObject({ status: "error", fieldErrors: { role: [expect.stringMatching(/dermatologist, nurse or office staff/)] } });
    await expect(testDb().apiClient.create({ data: { name: "x", role: "ADMIN", createdById: admin.id } })).rejects.toThrow();
    // Its token is issued to the dermatologist who approves it: only its SHA-256 and first characters are stored.
    const { token } = await approveAsDermatologist("API_CLIENT", row.id, null);
    expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);
    const issued = await testDb().apiClient.findFirstOrThrow({ where: { id: row.id } });
    expect([issued.tokenHash, issued.tokenHint, issued.lastUsedAt]).toEqual([
      (await import("node:crypto")).createHash("sha256").update(token).digest("hex"),
      token.slice(0, 8),
      null,
    ]);
    expect(JSON.stringify(issued)).not.toContain(token.slice(8));
    expect((await fhirGet(`Patient/${rec.patient.id}`, token)).status).toBe(200);
    expect((await testDb().apiClient.findFirstOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("audits every call: the client, the type, the interaction, the status and the patient ids returned, never the MRN", async () => {
    await fhirGet(`Patient?identifier=${rec.patient.mrn}`, derm.token);
    const search = await lastAudit();
    expect(search).toMatchObject({
      action: "patients.view_fhir",
      actorId: derm.id,
      actorRole: "DERMATOLOGIST",
      entityType: "ApiClient",
      patientId: rec.patient.id,
    });
    expect(search.changes).toEqual({
      interaction: "search",
      resourceType: "Patient",
      status: 200,
      count: 1,
      patientIds: [rec.patient.id],
      params: ["identifier"],
    });
    expect(JSON.stringify({ ...search, id: search.id.toString() })).not.toContain(rec.patient.mrn);
    await fhirGet(`Patient/${rec.patient.id}/$everything`, derm.token);
    expect((await lastAudit()).changes).toMatchObject({ interaction: "$everything", resourceType: "Patient", status: 200, patientIds: [rec.patient.id] });
    await fhirGet(`Observation?patient=${rec.patient.id}&colour=red`, derm.token);
    expect((await lastAudit()).changes).toMatchObject({ interaction: "search", resourceType: "Observation", status: 400, count: 0, patientIds: [] });
    // A malformed query whose parameter name is the MRN itself (the "identifier=" left out): refused, and the
    // audit row names no parameter the API does not know.
    const bare = await fhirGet(`Patient?${rec.patient.mrn}`, derm.token);
    expect(bare.status).toBe(400);
    const refused = await lastAudit();
    expect(refused.changes).toMatchObject({ interaction: "search", resourceType: "Patient", status: 400, params: ["(unknown)"] });
    expect(JSON.stringify({ ...refused, id: refused.id.toString() })).not.toContain(rec.patient.mrn);
    const before = await testDb().auditEvent.count();
    await fhirGet("metadata", null);
    expect(await testDb().auditEvent.count()).toBe(before);
  });
});

describe("export from the portal", () => {
  const exportAs = (patientId: string) =>
    exportGet(new Request(`http://localhost:3000/patients/${patientId}/export/fhir`), { params: Promise.resolve({ patientId }) });

  it("gives a nurse the same Bundle as $everything for a nurse's client, as a download, audited", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const res = await exportAs(rec.patient.id);
    expect([res.status, res.headers.get("content-type"), res.headers.get("content-disposition")]).toEqual([
      200,
      "application/fhir+json; charset=utf-8",
      `attachment; filename="patient-${rec.patient.id}-fhir.json"`,
    ]);
    const exported = (await res.json()) as Res;
    expect(await lastAudit()).toMatchObject({
      action: "patient.export_fhir",
      actorId: nurse.id,
      patientId: rec.patient.id,
      changes: { resources: { Patient: 1, MedicationRequest: 8, Observation: 11, Flag: 2 } },
    });
    expect(fhirIssues(exported as never)).toEqual([]);
    const client = await makeApiClient("NURSE");
    const viaApi = (await fhirGet(`Patient/${rec.patient.id}/$everything`, client.token)).body;
    expect(exported.entry.map((e: Res) => e.resource)).toEqual(viaApi.entry.map((e: Res) => e.resource));
    const mg = exported.entry.find((e: Res) => e.resource.id === `${rec.courses.a.id}.cumulative-dose-mg`).resource;
    expect(mg.valueQuantity.value).toBe(600);
  });

  it("is refused to office staff (403) and to a visitor (401); an unknown patient is 404", async () => {
    actAs(await makeUser("STAFF"));
    expect((await exportAs(rec.patient.id)).status).toBe(403);
    actAs(null);
    expect((await exportAs(rec.patient.id)).status).toBe(401);
    actAs(await makeUser("DERMATOLOGIST"));
    expect((await exportAs("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await exportAs("not-an-id")).status).toBe(404);
  });
});
