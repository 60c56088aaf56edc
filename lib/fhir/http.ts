import type { Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { FHIR_JSON } from "./systems";

/** Every FHIR response: FHIR JSON, never cached (patient data). */
export function fhirResponse(body: Resource, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": `${FHIR_JSON}; charset=utf-8`, "Cache-Control": "no-store", ...headers },
  });
}

type IssueCode = "login" | "forbidden" | "not-found" | "invalid" | "not-supported" | "exception" | "throttled" | "too-costly";

/** An error as an OperationOutcome. The text is ours: it never carries a token, a value or patient data. */
export function outcomeResponse(status: number, code: IssueCode, text: string, headers: Record<string, string> = {}): Response {
  const body: OperationOutcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { text } }] };
  return fhirResponse(body, status, headers);
}

/** The API's base address as the client called it ("https://clinic.example/fhir"): see publicOrigin. */
export const fhirBase = (request: Request) => `${publicOrigin(request)}/fhir`;

/** The request's own URL on the public origin: a Bundle's self link ("https://clinic.example/fhir/Patient/…/$everything"). */
export function publicUrl(request: Request): string {
  const url = new URL(request.url);
  return `${publicOrigin(request)}${url.pathname}${url.search}`;
}

/** A host as a Host header may give it: a DNS name or IPv4 address, or a bracketed IPv6 address, and a port. */
const HOST =
  /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** The origin a scheme and host name, when both are well formed (a port up to 65535); null otherwise. */
function originOf(scheme: string | undefined, host: string | undefined): string | null {
  if ((scheme !== "http" && scheme !== "https") || !host || host.length > 260) return null;
  const match = HOST.exec(host);
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * The value a header carries as the outermost trusted proxy set it: proxies append theirs to a comma-separated
 * list, so it is the `hops`-th from the right (a proxy that overwrites the header leaves one value).
 */
function forwarded(value: string | null, hops: number): string | undefined {
  const values = (value ?? "").split(",").map((v) => v.trim());
  return value ? values[Math.max(0, values.length - hops)] : undefined;
}

/**
 * The origin the client called, for the links the API gives (the server listens on 0.0.0.0, which is no address
 * for a client): the clinic's public address when configured (AUTH_URL, or NEXTAUTH_URL, as Auth.js reads it),
 * else the request's Host header, over http: the server itself serves plain HTTP (scripts/server.mjs), TLS being a
 * reverse proxy's. Behind reverse proxies the deployment trusts (TRUSTED_PROXY_HOPS, as for the client's address:
 * scripts/server.mjs), their X-Forwarded-Proto and X-Forwarded-Host; never a client's own (the request's URL is not
 * read for its scheme either: Next builds it from X-Forwarded-Proto, whoever sent it). A header that is not a plain
 * scheme or host[:port] is not used: the address the server listens on stands.
 */
export function publicOrigin(request: Request, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.AUTH_URL || env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed setting: Auth.js refuses it too; the request's own address is used.
    }
  }
  const url = new URL(request.url);
  const scheme = "http";
  const host = request.headers.get("host") ?? undefined;
  const hops = Math.max(0, Math.min(5, Number.parseInt(env.TRUSTED_PROXY_HOPS ?? "0", 10) || 0));
  if (hops > 0) {
    const proxied = originOf(
      forwarded(request.headers.get("x-forwarded-proto"), hops) ?? scheme,
      forwarded(request.headers.get("x-forwarded-host"), hops) ?? host,
    );
    if (proxied) return proxied;
  }
  return originOf(scheme, host) ?? originOf(scheme, url.host) ?? `${scheme}://localhost`;
}

/** A searchset Bundle of every match (the $everything operation: one patient's whole record). */
export function searchsetBundle(base: string, selfUrl: string, resources: Resource[]): Bundle {
  return pagedSearchset(base, selfUrl, resources, null);
}

/**
 * A searchset Bundle of one page of the matches: `total` counts them all, and the self, first, previous and
 * next links carry the same search with its `_offset` moved (FHIR R4 3.1.1.5.6 paging).
 */
export function pagedSearchset(base: string, selfUrl: string, resources: Resource[], page: { offset: number; count: number } | null): Bundle {
  const shown = page ? resources.slice(page.offset, page.offset + page.count) : resources;
  const link: NonNullable<Bundle["link"]> = [{ relation: "self", url: selfUrl }];
  if (page) {
    const at = (offset: number) => {
      const url = new URL(selfUrl);
      url.searchParams.set("_count", String(page.count));
      url.searchParams.set("_offset", String(offset));
      return url.toString();
    };
    link.push({ relation: "first", url: at(0) });
    if (page.offset > 0) link.push({ relation: "previous", url: at(Math.max(0, page.offset - page.count)) });
    if (page.offset + page.count < resources.length) link.push({ relation: "next", url: at(page.offset + page.count) });
  }
  return {
    resourceType: "Bundle",
    type: "searchset",
    timestamp: new Date().toISOString(),
    total: resources.length,
    link,
    entry: shown.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" } })),
  };
}
