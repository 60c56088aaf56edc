import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as operationGet } from "@/app/fhir/[type]/[id]/[operation]/route";
import { GET as searchGet } from "@/app/fhir/[type]/route";
import { GET as metadataGet } from "@/app/fhir/metadata/route";
import { publicOrigin } from "@/lib/fhir/http";
import { buildRecord, makeApiClient, type FhirRecord, type Res } from "./fhir-record";

/**
 * The API's links (the CapabilityStatement's address, a Bundle's self, next and fullUrl links) name the address
 * the client called, not the one the server listens on (0.0.0.0 behind `npm start`): the configured public
 * address (AUTH_URL), else the request's Host header; a proxy's X-Forwarded-Host and -Proto only when the
 * deployment trusts one (TRUSTED_PROXY_HOPS). A Host that is not a plain host[:port] is never put in a link.
 */
const LISTENING = "http://0.0.0.0:3362";
let rec: FhirRecord;
let token: string;

beforeAll(async () => {
  rec = await buildRecord();
  token = (await makeApiClient("DERMATOLOGIST")).token;
});
afterEach(() => vi.unstubAllEnvs());

/** A request as Next hands it to a route behind `npm start`: its URL on the listening address, the client's headers. */
function request(path: string, headers: Record<string, string>) {
  return new Request(`${LISTENING}/fhir/${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}
async function metadataUrl(headers: Record<string, string>): Promise<string> {
  const body = (await (await metadataGet(request("metadata", headers))).json()) as Res;
  return body.implementation.url;
}
const link = (bundle: Res, relation: string): string | undefined => bundle.link.find((l: Res) => l.relation === relation)?.url;

describe("FHIR API: the base address in its links", () => {
  it("is the Host the client called, in the CapabilityStatement and in a search's links", async () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(await metadataUrl({ host: "clinic.example" })).toBe("http://clinic.example/fhir");
    expect(await metadataUrl({ host: "clinic.example:8443" })).toBe("http://clinic.example:8443/fhir");
    expect(await metadataUrl({ host: "[::1]:3362" })).toBe("http://[::1]:3362/fhir");

    const query = `patient=${rec.patient.id}&_count=4`;
    const search = await searchGet(request(`Observation?${query}`, { host: "clinic.example" }), { params: Promise.resolve({ type: "Observation" }) });
    const bundle = (await search.json()) as Res;
    expect(link(bundle, "self")).toBe(`http://clinic.example/fhir/Observation?${query}`);
    expect(link(bundle, "next")).toBe(`http://clinic.example/fhir/Observation?patient=${rec.patient.id}&_count=4&_offset=4`);
    expect(bundle.entry[0].fullUrl).toMatch(/^http:\/\/clinic\.example\/fhir\/Observation\//);

    const id = rec.patient.id;
    const everything = await operationGet(request(`Patient/${id}/$everything`, { host: "clinic.example" }), {
      params: Promise.resolve({ type: "Patient", id, operation: "$everything" }),
    });
    const all = (await everything.json()) as Res;
    expect(link(all, "self")).toBe(`http://clinic.example/fhir/Patient/${id}/$everything`);
    expect(JSON.stringify(all)).not.toContain("0.0.0.0");
  });

  it("follows a proxy's X-Forwarded-Proto and -Host only when the deployment trusts a proxy", async () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("NEXTAUTH_URL", "");
    const forwarded = { host: "10.0.0.5:3000", "x-forwarded-proto": "https", "x-forwarded-host": "portal.clinic.example" };
    vi.stubEnv("TRUSTED_PROXY_HOPS", "");
    expect(await metadataUrl(forwarded)).toBe("http://10.0.0.5:3000/fhir");
    // Next builds the request's URL with a client's X-Forwarded-Proto: its scheme is not the client's to choose either.
    const spoofed = new Request(`https://0.0.0.0:3362/fhir/metadata`, { headers: { host: "clinic.example", "x-forwarded-proto": "https" } });
    expect(publicOrigin(spoofed)).toBe("http://clinic.example");
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    expect(await metadataUrl(forwarded)).toBe("https://portal.clinic.example/fhir");
    // Appended by a chain of proxies: the value the outermost trusted one received.
    vi.stubEnv("TRUSTED_PROXY_HOPS", "2");
    expect(
      await metadataUrl({ host: "10.0.0.5:3000", "x-forwarded-proto": "http, https, http", "x-forwarded-host": "evil.example, portal.clinic.example, lb" }),
    ).toBe("https://portal.clinic.example/fhir");
    // Only http or https, and only a plain host: anything else is not used.
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    expect(await metadataUrl({ host: "clinic.example", "x-forwarded-proto": "javascript", "x-forwarded-host": "a/b" })).toBe("http://clinic.example/fhir");
  });

  it("is the configured public address (AUTH_URL) when there is one, whatever the headers say", async () => {
    vi.stubEnv("AUTH_URL", "https://isotrack.clinic.example/api/auth");
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    expect(await metadataUrl({ host: "evil.example", "x-forwarded-host": "evil.example" })).toBe("https://isotrack.clinic.example/fhir");
  });

  it("never puts a Host that is not a plain host[:port] in a link", async () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("NEXTAUTH_URL", "");
    for (const host of [
      "evil.example/fhir?x=",
      "user@evil.example",
      'a"b',
      "a b",
      "evil.example:99999",
      "evil.example:x",
      "-evil.example",
      "%65vil.example",
      "[::1",
    ]) {
      const url = await metadataUrl({ host });
      expect(url, host).toBe(`${LISTENING}/fhir`);
    }
  });
});
