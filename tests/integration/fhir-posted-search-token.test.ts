import { beforeAll, describe, expect, it } from "vitest";
import { POST as searchPost } from "@/app/fhir/[type]/[id]/route";
import { MAX_SEARCH_BODY_BYTES } from "@/lib/fhir/search-form";
import { makeApiClient, type Res } from "./fhir-record";
import { makePatient, testDb } from "./helpers";
import { tokenShownToAdministrator } from "./token-helpers";

/**
 * A search sent by POST carries its parameters in its body. The body is read only once the bearer token
 * names a live client and the client is within its rate limit: anyone else gets the API's 401 (or 429)
 * with nothing of the body read, whatever its type or size.
 */
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const UNAUTHORIZED = [401, "OperationOutcome", "login", "A valid API client token is required: Authorization: Bearer <token>.", 'Bearer realm="fhir"'];

async function post(token: string | null, body: string, headers: Record<string, string> = FORM) {
  const request = new Request("http://localhost:3000/fhir/Patient/_search", {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  const response = await searchPost(request, { params: Promise.resolve({ type: "Patient", id: "_search" }) });
  const json = (await response.json()) as Res;
  return {
    status: response.status,
    bodyRead: request.bodyUsed,
    headers: response.headers,
    answer: [response.status, json.resourceType, json.issue?.[0]?.code, json.issue?.[0]?.details.text, response.headers.get("www-authenticate")],
    json,
  };
}
const lastAudit = (actorId: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId }, orderBy: { id: "desc" } });

let mrn: string;
beforeAll(async () => {
  mrn = (await makePatient()).mrn;
});

describe("FHIR API: a search sent by POST is read only after its token", () => {
  it("answers a missing, malformed or unknown token with the API's 401, the body unread, whatever its type or size", async () => {
    const large = `identifier=${"9".repeat(MAX_SEARCH_BODY_BYTES)}`;
    for (const token of [null, "nonsense", `itk_${"A".repeat(43)}`]) {
      for (const [body, headers] of [
        [`identifier=${mrn}`, FORM],
        [large, FORM],
        [JSON.stringify({ identifier: mrn }), { "content-type": "application/json" }],
      ] as const) {
        const r = await post(token, body, headers);
        expect(r.answer).toEqual(UNAUTHORIZED);
        expect(r.bodyRead).toBe(false);
      }
    }
  });

  it("answers a token of a client not yet approved, or withdrawn, with 401, the body unread, and records the attempt", async () => {
    for (const [approved, reason] of [
      [false, "not approved"],
      [true, "withdrawn"],
    ] as const) {
      const old = await tokenShownToAdministrator("API_CLIENT", { approved });
      const r = await post(old.token, `identifier=${mrn}`);
      expect([r.answer, r.bodyRead]).toEqual([UNAUTHORIZED, false]);
      expect(await lastAudit(old.id)).toMatchObject({ action: "access.denied", changes: { reason, resourceType: "Patient" } });
    }
  });

  it("answers a client over its rate limit with 429, the body unread, and records the call", async () => {
    const client = await makeApiClient("NURSE");
    const now = new Date();
    await testDb().apiClient.update({
      where: { id: client.id },
      data: { rateWindowStart: new Date(Math.floor(now.getTime() / 60_000) * 60_000), rateWindowCalls: 300 },
    });
    const r = await post(client.token, `identifier=${mrn}`);
    expect([r.status, r.json.issue[0].code, r.bodyRead]).toEqual([429, "throttled", false]);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await lastAudit(client.id)).changes).toMatchObject({ interaction: "search", resourceType: "Patient", status: 429, params: [] });
  });

  it("reads a live client's body: its search is answered, and a body of another type or too large is refused and recorded", async () => {
    const client = await makeApiClient("NURSE");
    const found = await post(client.token, `identifier=${mrn}`);
    expect([found.status, found.json.total, found.bodyRead]).toEqual([200, 1, true]);
    expect((await lastAudit(client.id)).changes).toMatchObject({ interaction: "search", status: 200, params: ["identifier"] });

    const json = await post(client.token, JSON.stringify({ identifier: mrn }), { "content-type": "application/json" });
    expect([json.status, json.json.issue[0].details.text]).toEqual([415, "Send the search parameters as application/x-www-form-urlencoded."]);
    expect((await lastAudit(client.id)).changes).toMatchObject({ interaction: "search", status: 415, params: [] });
    const large = await post(client.token, `identifier=${"9".repeat(MAX_SEARCH_BODY_BYTES)}`);
    expect([large.status, large.json.issue[0].details.text]).toEqual([413, "The search body is larger than 16 KB."]);
    expect(JSON.stringify((await lastAudit(client.id)).changes)).not.toContain(mrn);
  });
});
