import { beforeAll, describe, expect, it } from "vitest";
import { JOB_HANDLERS } from "@/lib/jobs/registry";
import { fhirIssues } from "../fhir-validator";
import { buildRecord, fhirGet, fhirPost, makeApiClient, type FhirRecord, type Res } from "./fhir-record";
import { testDb } from "./helpers";

let rec: FhirRecord;
let derm: { id: string; token: string };
const ids = (bundle: Res): string[] => bundle.entry.map((e: Res) => e.resource.id);
const link = (bundle: Res, relation: string): string | undefined => bundle.link.find((l: Res) => l.relation === relation)?.url;
/** A link's path and query as fhirGet takes them ("Observation?_search-id=…&_offset=4"). */
const relative = (url: string) => url.replace(/^https?:\/\/[^/]+\/fhir\//, "");
/** The names of the parameters in every link of a Bundle. */
const linkParams = (bundle: Res) => [...new Set(bundle.link.flatMap((l: Res) => [...new URL(l.url).searchParams.keys()]))].sort();
const lastAudit = (actorId: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId }, orderBy: { id: "desc" } });

beforeAll(async () => {
  rec = await buildRecord();
  derm = await makeApiClient("DERMATOLOGIST");
});

describe("FHIR API: the links of a search sent by POST", () => {
  it("carry no search parameter, only the kept search's id and the page, and walk the pages by GET", async () => {
    // The record has 11 observations (fhir-api.test.ts): pages of 4, 4 and 3.
    const first = await fhirPost("Observation", `patient=${rec.patient.id}&_count=4`, derm.token);
    expect([first.status, first.body.total, first.body.entry.length, link(first.body, "previous")]).toEqual([200, 11, 4, undefined]);
    expect(fhirIssues(first.body as never)).toEqual([]);
    expect(linkParams(first.body)).toEqual(["_count", "_offset", "_search-id"]);
    expect(JSON.stringify(first.body.link)).not.toContain(rec.patient.id);
    const searchId = new URL(link(first.body, "self")!).searchParams.get("_search-id")!;
    expect(link(first.body, "self")).toBe(`http://localhost:3000/fhir/Observation?_search-id=${searchId}&_count=4&_offset=0`);
    expect(link(first.body, "next")).toBe(`http://localhost:3000/fhir/Observation?_search-id=${searchId}&_count=4&_offset=4`);

    const second = await fhirGet(relative(link(first.body, "next")!), derm.token);
    expect([second.status, second.body.total, second.body.entry.length]).toEqual([200, 11, 4]);
    expect(linkParams(second.body)).toEqual(["_count", "_offset", "_search-id"]);
    const third = await fhirGet(relative(link(second.body, "next")!), derm.token);
    expect([third.body.entry.length, link(third.body, "next")]).toEqual([3, undefined]);
    expect(link(third.body, "previous")).toBe(`http://localhost:3000/fhir/Observation?_search-id=${searchId}&_count=4&_offset=4`);

    const all = await fhirGet(`Observation?patient=${rec.patient.id}`, derm.token);
    expect([...ids(first.body), ...ids(second.body), ...ids(third.body)]).toEqual(ids(all.body));
    // A follow-up page may be posted too (FHIR R4 http.html, "Paging"), and the self link reads the same page again.
    const posted = await fhirPost("Observation", `_search-id=${searchId}&_count=4&_offset=8`, derm.token);
    expect(ids(posted.body)).toEqual(ids(third.body));
    expect(ids((await fhirGet(relative(link(first.body, "self")!), derm.token)).body)).toEqual(ids(first.body));
  });

  it("keep an MRN out of every link, and the page's audit row names the kept search and its parameters, not their values", async () => {
    const r = await fhirPost("Patient", new URLSearchParams({ identifier: rec.patient.mrn }).toString(), derm.token);
    expect([r.status, ids(r.body)]).toEqual([200, [rec.patient.id]]);
    expect(linkParams(r.body)).toEqual(["_count", "_offset", "_search-id"]);
    expect(JSON.stringify(r.body.link)).not.toContain(rec.patient.mrn);
    const searchId = new URL(link(r.body, "self")!).searchParams.get("_search-id")!;
    expect(await lastAudit(derm.id)).toMatchObject({ changes: { params: ["identifier"], search: searchId, patientIds: [rec.patient.id] } });

    const again = await fhirGet(relative(link(r.body, "self")!), derm.token);
    expect([again.status, ids(again.body)]).toEqual([200, [rec.patient.id]]);
    const audit = await lastAudit(derm.id);
    expect(audit.changes).toMatchObject({ interaction: "search", params: ["_search-id", "_count", "_offset", "identifier"], search: searchId });
    expect(JSON.stringify(audit.changes)).not.toContain(rec.patient.mrn);
  });

  it("name a search only its own client reads, for an hour; another client's, an expired or unknown one gets 410", async () => {
    const r = await fhirPost("Observation", `patient=${rec.patient.id}`, derm.token);
    const self = relative(link(r.body, "self")!);
    const searchId = new URL(link(r.body, "self")!).searchParams.get("_search-id")!;
    const row = await testDb().fhirSearch.findUniqueOrThrow({ where: { id: searchId } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * 60_000);

    const other = await makeApiClient("DERMATOLOGIST");
    const gone = (x: { status: number; body: Res }) => [x.status, x.body.issue?.[0]?.code, x.body.issue?.[0]?.details.text];
    const GONE = [410, "not-found", "This search is no longer available: a search sent by POST is kept for 60 minutes, for its own client. Send it again."];
    expect(gone(await fhirGet(self, other.token))).toEqual(GONE);
    expect(gone(await fhirGet(self.replace("Observation?", "Flag?"), derm.token))).toEqual(GONE);
    expect(gone(await fhirGet(`Observation?_search-id=${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`, derm.token))).toEqual(GONE);
    await testDb().fhirSearch.update({ where: { id: searchId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(gone(await fhirGet(self, derm.token))).toEqual(GONE);

    expect((await fhirGet(`Observation?_search-id=not-an-id`, derm.token)).body.issue[0].details.text).toBe('The parameter "_search-id" must be a search id.');
    const mixed = await fhirGet(`Observation?_search-id=${searchId}&patient=${rec.patient.id}`, derm.token);
    expect([mixed.status, mixed.body.issue[0].details.text]).toEqual([400, 'A kept search takes only "_count" and "_offset" beside "_search-id".']);
  });

  it("a search sent by POST that is refused keeps nothing; the hourly job deletes the kept searches that expired", async () => {
    const before = await testDb().fhirSearch.count({ where: { apiClientId: derm.id } });
    expect((await fhirPost("Observation", `patient=${rec.patient.id}&colour=red`, derm.token)).status).toBe(400);
    expect(await testDb().fhirSearch.count({ where: { apiClientId: derm.id } })).toBe(before);

    const r = await fhirPost("Observation", `patient=${rec.patient.id}`, derm.token);
    const searchId = new URL(link(r.body, "self")!).searchParams.get("_search-id")!;
    const live = await fhirPost("Flag", `patient=${rec.patient.id}`, derm.token);
    const liveId = new URL(link(live.body, "self")!).searchParams.get("_search-id")!;
    await testDb().fhirSearch.update({ where: { id: searchId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const output = await JOB_HANDLERS["saved-searches-expire"].run({});
    expect(output).toMatchObject({ deleted: expect.any(Number), fhirSearches: expect.any(Number) });
    expect(await testDb().fhirSearch.findUnique({ where: { id: searchId } })).toBeNull();
    expect(await testDb().fhirSearch.findUnique({ where: { id: liveId } })).not.toBeNull();
  });
});

describe("FHIR API: the links of a search sent by GET", () => {
  it("carry the client's own query and the page, nothing more (the client chose to put them in its URL)", async () => {
    const query = `identifier=${encodeURIComponent(`https://isotrack.example/fhir/sid/mrn|${rec.patient.mrn}`)}`;
    const kept = await testDb().fhirSearch.count({ where: { apiClientId: derm.id } });
    const r = await fhirGet(`Patient?${query}`, derm.token);
    expect(link(r.body, "self")).toBe(`http://localhost:3000/fhir/Patient?${query}`);
    expect(link(r.body, "first")).toBe(`http://localhost:3000/fhir/Patient?${query}&_count=100&_offset=0`);
    expect(r.body.link.map((l: Res) => l.relation)).toEqual(["self", "first"]);
    expect(await testDb().fhirSearch.count({ where: { apiClientId: derm.id } })).toBe(kept);
  });
});
