import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { log } from "@/lib/log";
import { authenticateBearer, type ApiCaller } from "./clients";
import { fhirBase, fhirResponse, outcomeResponse, pagedSearchset, publicUrl, searchsetBundle } from "./http";
import { keepSearch, keptSearchUrl, searchToRun } from "./kept-searches";
import { claimApiCall } from "./rate-limit";
import { readSearchForm } from "./search-form";
import { patientIdOf } from "./ids";
import { canReadType, patientEverything, patientResourcesOfType } from "./record";
import { applyCriteria, KEPT_SEARCH_PARAM, mrnOf, PAGING_PARAMS, parseSearch, SEARCH_PARAMS } from "./search";
import { isFhirType, type FhirType } from "./types";

export type Interaction =
  | { kind: "search"; type: string; params: URLSearchParams; posted?: boolean }
  | { kind: "read"; type: string; id: string }
  | { kind: "operation"; type: string; id: string; operation: string };

/**
 * What a route asks for: an interaction, or a search whose parameters are in the request's body
 * (`POST /fhir/<type>/_search`), read only once the token and the rate limit have let the call through.
 */
export type FhirCall = Interaction | { kind: "posted-search"; type: string };

interface Outcome {
  response: Response;
  patientIds: string[];
  count: number;
  /** A search run from, or kept as, a kept search (lib/fhir/kept-searches.ts): its id and its parameters' names. */
  kept?: { id: string; names: string[] };
}

const UNAUTHORIZED = { "WWW-Authenticate": 'Bearer realm="fhir"' };
const fail = (status: number, code: Parameters<typeof outcomeResponse>[1], text: string, headers: Record<string, string> = {}): Outcome => ({
  response: outcomeResponse(status, code, text, headers),
  patientIds: [],
  count: 0,
});
const notFound = (what: string) => fail(404, "not-found", `${what} was not found.`);

async function patientsByMrn(mrn: string): Promise<string[]> {
  const rows = await db.patient.findMany({ where: { mrn }, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * A search. One sent by POST is kept for its client, and its Bundle's links name the kept search instead of
 * carrying its parameters (lib/fhir/kept-searches.ts); a GET's links carry the client's own query.
 */
async function search(client: ApiCaller, type: FhirType, params: URLSearchParams, posted: boolean, request: Request, asOf: string): Promise<Outcome> {
  const run = await searchToRun(client.id, type, params);
  if (!run.ok) return fail(run.status, run.status === 410 ? "not-found" : "invalid", run.message);
  const parsed = parseSearch(type, run.params);
  if (!parsed.ok) return fail(400, "invalid", parsed.message);
  const c = parsed.criteria;
  const mrn = c.identifier ? mrnOf(c.identifier) : null;
  const patientIds = type === "Patient" ? (mrn === null ? [] : await patientsByMrn(mrn)) : [c.patientId!];
  const found = (await Promise.all(patientIds.map((id) => patientResourcesOfType(client, id, type, asOf)))).flat();
  const resources = applyCriteria(found, c);
  const page = resources.slice(c.offset, c.offset + c.count);
  // Every match's patient, not only the page's: the Bundle's total tells how many of their resources match, on
  // any page (a page past the last match too). A search stays within one patient (or one MRN's), so a page
  // names no patient the others do not.
  const shown = [...new Set(resources.map((r) => patientOfResource(r)).filter((id): id is string => id !== null))];
  const keptId = run.keptId ?? (posted ? await keepSearch(client.id, type, run.params) : null);
  const self = keptId ? keptSearchUrl(fhirBase(request), type, keptId, c) : `${fhirBase(request)}/${type}?${params.toString()}`;
  return {
    response: fhirResponse(pagedSearchset(fhirBase(request), self, resources, { offset: c.offset, count: c.count })),
    patientIds: shown,
    count: page.length,
    ...(keptId ? { kept: { id: keptId, names: run.keptNames } } : {}),
  };
}

/** The patient a built resource is about. */
function patientOfResource(r: Resource): string | null {
  if (r.resourceType === "Patient") return r.id ?? null;
  const ref = r.resourceType === "Task" ? r.for?.reference : "subject" in r ? (r.subject as { reference?: string } | undefined)?.reference : undefined;
  return ref?.startsWith("Patient/") ? ref.slice("Patient/".length) : null;
}

async function read(client: ApiCaller, type: FhirType, id: string, asOf: string): Promise<Outcome> {
  const patientId = await patientIdOf(type, id);
  if (!patientId) return notFound(`${type}/${id.slice(0, 64)}`);
  const resource = (await patientResourcesOfType(client, patientId, type, asOf)).find((r) => r.id === id);
  if (!resource) return notFound(`${type}/${id.slice(0, 64)}`);
  return { response: fhirResponse(resource), patientIds: [patientId], count: 1 };
}

async function everything(client: ApiCaller, id: string, request: Request, asOf: string): Promise<Outcome> {
  const patientId = await patientIdOf("Patient", id);
  const resources = patientId ? await patientEverything(client, patientId, asOf) : null;
  if (!patientId || !resources) return notFound(`Patient/${id.slice(0, 64)}`);
  return {
    response: fhirResponse(searchsetBundle(fhirBase(request), publicUrl(request), resources)),
    patientIds: [patientId],
    count: resources.length,
  };
}

async function dispatch(client: ApiCaller, i: Interaction, request: Request): Promise<Outcome> {
  if (!isFhirType(i.type)) return fail(404, "not-supported", `This server has no resource type "${i.type.slice(0, 40)}". See /fhir/metadata.`);
  if (!canReadType(client.role, i.type)) return fail(403, "forbidden", `This client's role does not read ${i.type}.`);
  const asOf = clinicToday();
  if (i.kind === "search") return search(client, i.type, i.params, i.posted === true, request, asOf);
  if (i.kind === "read") return read(client, i.type, i.id, asOf);
  if (i.type === "Patient" && i.operation === "$everything") return everything(client, i.id, request, asOf);
  return fail(404, "not-supported", "Only Patient/<id>/$everything is supported.");
}

/** A posted search as its audit row names it before its body is read: the parameters of its URL only. */
const unread = (call: FhirCall, request: Request): Interaction =>
  call.kind === "posted-search" ? { kind: "search", type: call.type, params: new URL(request.url).searchParams, posted: true } : call;

/** The call answered: a posted search's body is read here, after the caller was let through. */
async function answer(client: ApiCaller, call: FhirCall, request: Request): Promise<{ interaction: Interaction; result: Outcome }> {
  if (call.kind !== "posted-search") return { interaction: call, result: await dispatch(client, call, request) };
  const form = await readSearchForm(request);
  if (!form.ok) return { interaction: unread(call, request), result: fail(form.status, "invalid", form.message) };
  const interaction: Interaction = { kind: "search", type: call.type, params: form.params, posted: true };
  return { interaction, result: await dispatch(client, interaction, request) };
}

/** A path segment as an audit row names it: a type or an operation the API knows, any other as "(unknown)" (`/fhir/<MRN>`). */
const UNKNOWN = "(unknown)";
const typeName = (type: string) => (isFhirType(type) ? type : UNKNOWN);
const OPERATIONS = ["$everything"];
const interactionName = (i: Interaction) => (i.kind !== "operation" ? i.kind : OPERATIONS.includes(i.operation) ? i.operation : UNKNOWN);

/**
 * The parameter names a call gave, then those of the kept search it paged, for its audit row: those the API
 * knows by name, any other as "(unknown)", since a malformed query's name can be a value (`Patient?<MRN>`, a
 * JSON body sent as a form).
 */
function paramNames(interaction: Interaction, request: Request, keptNames: string[] = []): string[] {
  const known = new Set<string>([...(isFhirType(interaction.type) ? SEARCH_PARAMS[interaction.type] : []), ...PAGING_PARAMS, KEPT_SEARCH_PARAM]);
  const given = (interaction.kind === "search" ? interaction.params : new URL(request.url).searchParams).keys();
  return [...new Set([...given, ...keptNames].map((k) => (known.has(k) ? k : UNKNOWN)))].slice(0, 10);
}

/**
 * Every FHIR call: the bearer token first (401 without a live client: approved by a dermatologist, not
 * revoked), then the rate limit (429), and only then the request's body, if any, and the interaction, then one audit row for the call whatever its outcome, with the client,
 * the type, the interaction, the status and the ids of the patients whose data it returned (HIPAA access
 * accounting). Query values are not recorded: a Patient search carries an MRN; nor are names the API does
 * not know, in the query or the path (a type or an operation: "(unknown)"). A revoked or not yet approved
 * client's attempt is recorded, with the reason; an unknown token's is not (anyone could fill the trail).
 */
export async function handleFhir(request: Request, call: FhirCall): Promise<Response> {
  try {
    const auth = await authenticateBearer(request.headers.get("authorization"));
    if (!auth.ok) {
      if (auth.refused) {
        const { client: c, reason } = auth.refused;
        await db.$transaction((tx) =>
          writeAudit(
            tx,
            { id: c.id, role: c.role },
            { action: "access.denied", entityType: "ApiClient", entityId: c.id, changes: { reason, resourceType: typeName(call.type) } },
          ),
        );
      }
      return outcomeResponse(401, "login", "A valid API client token is required: Authorization: Bearer <token>.", UNAUTHORIZED);
    }
    const client = auth.client;
    const quota = await claimApiCall(client.id);
    const { interaction, result } = quota.ok
      ? await answer(client, call, request)
      : {
          interaction: unread(call, request),
          result: fail(429, "throttled", `This client has made more than ${quota.limit} calls in a minute. Wait and try again.`, {
            "Retry-After": String(quota.retryAfterSeconds),
          }),
        };
    // A call past the limit is audited once per minute: a client looping past it does not fill the trail.
    if (quota.ok || quota.first) await auditFhirCall(client, interaction, result, request);
    return result.response;
  } catch (error) {
    // The error's name only: a database error's message may quote the values it was given.
    log.error({ err: error instanceof Error ? error.name : "unknown", route: "fhir" }, "FHIR request failed");
    return outcomeResponse(500, "exception", "The server could not answer this request. Try again later.");
  }
}

/** The call's audit row: what was asked, the answer's status and count, and the patients it named (ids only). */
function auditFhirCall(client: ApiCaller, interaction: Interaction, result: Outcome, request: Request) {
  return db.$transaction((tx) =>
    writeAudit(
      tx,
      { id: client.id, role: client.role },
      {
        action: "patients.view_fhir",
        entityType: "ApiClient",
        entityId: client.id,
        patientId: result.patientIds.length === 1 ? result.patientIds[0] : null,
        changes: {
          interaction: interactionName(interaction),
          resourceType: typeName(interaction.type),
          status: result.response.status,
          count: result.count,
          patientIds: result.patientIds,
          params: paramNames(interaction, request, result.kept?.names),
          ...(result.kept ? { search: result.kept.id } : {}),
        },
      },
    ),
  );
}
