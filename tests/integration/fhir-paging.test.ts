import { beforeAll, describe, expect, it } from "vitest";
import { getAuditReport } from "@/lib/data/audit-report";
import { claimApiCall } from "@/lib/fhir/rate-limit";
import { fhirIssues } from "../fhir-validator";
import { buildRecord, fhirGet, fhirPost, makeApiClient, type FhirRecord, type Res } from "./fhir-record";
import { testDb } from "./helpers";

let rec: FhirRecord;
let derm: { id: string; token: string };
const ids = (bundle: Res): string[] => bundle.entry.map((e: Res) => e.resource.id);
const link = (bundle: Res, relation: string): string | undefined => bundle.link.find((l: Res) => l.relation === relation)?.url;
/** A link's path and query as fhirGet takes them ("Observation?patient=…&_offset=4"). */
const relative = (url: string) => url.replace(/^https?:\/\/[^/]+\/fhir\//, "");

beforeAll(async () => {
  rec = await buildRecord();
  derm = await makeApiClient("DERMATOLOGIST");
});

const postSearch = (type: string, body: string, headers?: Record<string, string>, id?: string) => fhirPost(type, body, derm.token, headers, id);

describe("FHIR API: paging", () => {
  it("pages a search with _count and _offset: total counts every match, next and previous links walk the pages", async () => {
    // The record has 11 observations (fhir-api.test.ts): pages of 4, 4 and 3.
    const first = await fhirGet(`Observation?patient=${rec.patient.id}&_count=4`, derm.token);
    expect([first.status, first.body.total, first.body.entry.length, link(first.body, "previous")]).toEqual([200, 11, 4, undefined]);
    expect(fhirIssues(first.body as never)).toEqual([]);
    const second = await fhirGet(relative(link(first.body, "next")!), derm.token);
    expect([second.body.total, second.body.entry.length]).toEqual([11, 4]);
    const third = await fhirGet(relative(link(second.body, "next")!), derm.token);
    expect([third.body.entry.length, link(third.body, "next")]).toEqual([3, undefined]);
    expect(new URL(link(third.body, "previous")!).searchParams.get("_offset")).toBe("4");

    const all = await fhirGet(`Observation?patient=${rec.patient.id}`, derm.token);
    expect(all.body.entry.length).toBe(11);
    expect([...ids(first.body), ...ids(second.body), ...ids(third.body)]).toEqual(ids(all.body));
  });

  it("records the searched patient for a page past the last match: its total still tells how many of the patient's resources match", async () => {
    const lastCall = () => testDb().auditEvent.findFirstOrThrow({ where: { actorId: derm.id }, orderBy: { id: "desc" } });
    const past = await fhirGet(`Flag?patient=${rec.patient.id}&_offset=50`, derm.token);
    // The category and the undecided positive test's review: two flags, none on this page.
    expect([past.status, past.body.total, past.body.entry.length]).toEqual([200, 2, 0]);
    expect((await lastCall()).patientId).toBe(rec.patient.id);
    expect((await lastCall()).changes).toMatchObject({ count: 0, patientIds: [rec.patient.id] });
    const byMrn = await fhirGet(`Patient?identifier=${rec.patient.mrn}&_offset=1`, derm.token);
    expect([byMrn.body.total, byMrn.body.entry.length]).toEqual([1, 0]);
    expect((await lastCall()).changes).toMatchObject({ count: 0, patientIds: [rec.patient.id] });
    // A search that matches nothing names no patient.
    await fhirGet(`Observation?patient=${rec.patient.id}&date=1990-01-01`, derm.token);
    expect((await lastCall()).changes).toMatchObject({ count: 0, patientIds: [] });
  });

  it("answers bad paging parameters with 400 naming the parameter", async () => {
    for (const [q, message] of [
      ["_count=0.5", /"_count" must be a whole number/],
      ["_count=501", /"_count" must be at most 500/],
      ["_offset=-1", /"_offset" must be a whole number/],
      ["_count=2&_count=3", /"_count" may be given once/],
    ] as const) {
      const r = await fhirGet(`Observation?patient=${rec.patient.id}&${q}`, derm.token);
      expect(r.status, q).toBe(400);
      expect(r.body.issue[0].details.text, q).toMatch(message);
    }
  });
});

describe("FHIR API: search by POST", () => {
  it("finds a patient by an MRN sent in the body, never in the URL, and audits the call like a GET", async () => {
    const r = await postSearch("Patient", new URLSearchParams({ identifier: rec.patient.mrn }).toString());
    expect([r.status, r.body.total, ids(r.body)]).toEqual([200, 1, [rec.patient.id]]);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { actorId: derm.id }, orderBy: { id: "desc" } });
    expect(audit.changes).toMatchObject({ interaction: "search", resourceType: "Patient", status: 200, params: ["identifier"], patientIds: [rec.patient.id] });
    expect(JSON.stringify(audit.changes)).not.toContain(rec.patient.mrn);
  });

  it("refuses another body type (415), another POST (405) and an unknown parameter (400)", async () => {
    expect((await postSearch("Patient", JSON.stringify({ identifier: "x" }), { "content-type": "application/json" })).status).toBe(415);
    expect((await postSearch("Patient", "identifier=x", { "content-type": "application/x-www-form-urlencoded" }, rec.patient.id)).status).toBe(405);
    const unknown = await postSearch("Observation", `patient=${rec.patient.id}&colour=red`);
    expect([unknown.status, unknown.body.issue[0].details.text]).toEqual([400, expect.stringMatching(/Unknown search parameter "colour"/)]);
  });
});

describe("FHIR API: rate limit", () => {
  it("counts calls per client per minute and refuses the one past the limit until the next minute", async () => {
    const client = await makeApiClient("NURSE");
    const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, s));
    expect(await claimApiCall(client.id, at(0), 2)).toEqual({ ok: true });
    expect(await claimApiCall(client.id, at(10), 2)).toEqual({ ok: true });
    expect(await claimApiCall(client.id, at(45), 2)).toEqual({ ok: false, limit: 2, retryAfterSeconds: 15, first: true });
    expect(await claimApiCall(client.id, at(60), 2)).toEqual({ ok: true });
  });

  it("answers a client over its limit with 429, Retry-After and an OperationOutcome, and records the call", async () => {
    const client = await makeApiClient("NURSE");
    const now = new Date();
    await testDb().apiClient.update({
      where: { id: client.id },
      data: { rateWindowStart: new Date(Math.floor(now.getTime() / 60_000) * 60_000), rateWindowCalls: 300 },
    });
    const r = await fhirGet(`Observation?patient=${rec.patient.id}`, client.token);
    expect([r.status, r.body.resourceType, r.body.issue[0].code]).toEqual([429, "OperationOutcome", "throttled"]);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { actorId: client.id }, orderBy: { id: "desc" } });
    expect([audit.action, (audit.changes as Res).status, (audit.changes as Res).patientIds]).toEqual(["patients.view_fhir", 429, []]);
    // Refused again in the same minute: recorded once per minute, so a looping client does not fill the trail.
    const rows = () => testDb().auditEvent.count({ where: { actorId: client.id } });
    const before = await rows();
    expect((await fhirGet(`Observation?patient=${rec.patient.id}`, client.token)).status).toBe(429);
    expect(await rows()).toBe(before);
    // The audit trail names the client, and the role it reads with.
    const report = await getAuditReport({ role: "ADMIN" }, { actorId: client.id, page: 1 });
    expect(report.rows.map((row) => [row.actorName, row.actorRole])).toContainEqual([`NURSE client (API client ${client.id.slice(0, 8)})`, "NURSE"]);
  });
});
