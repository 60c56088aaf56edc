import "server-only";
import { db } from "@/lib/db";
import { uuid } from "@/lib/validation/common";
import { KEPT_SEARCH_MINUTES, KEPT_SEARCH_PARAM, PAGING_PARAMS } from "./search";
import type { FhirType } from "./types";

/**
 * Searches sent by POST, kept so that their links carry no search parameter.
 *
 * A client posts `<type>/_search` precisely to keep an MRN or a patient id out of URLs and access logs. FHIR
 * R4 has the server answer with a Bundle whose self link states the search as a GET URL and whose next and
 * previous links the client follows by GET (http.html, "Paging"): written out, they would put those values
 * back into URLs. Instead the server keeps the search's parameters here, for the client that sent them, and
 * every link is `<type>?_search-id=<id>&_count=<n>&_offset=<k>`: the links are opaque to the client (same
 * section), and a follow-up page may be posted as well. HAPI FHIR (`_getpages`, a stored search) and Blaze
 * (encrypted paging tokens, for this very reason) do the same for next and previous; here self does too.
 *
 * A kept search lasts an hour from the POST, long enough to page through one patient's record; the
 * `saved-searches-expire` job deletes it once expired (lib/jobs/registry.ts).
 */
export const KEPT_SEARCH_GONE = `This search is no longer available: a search sent by POST is kept for ${KEPT_SEARCH_MINUTES} minutes, for its own client. Send it again.`;

const isPaging = (name: string) => (PAGING_PARAMS as readonly string[]).includes(name);

export type SearchToRun = { ok: true; params: URLSearchParams; keptId: string | null; keptNames: string[] } | { ok: false; status: 400 | 410; message: string };

/**
 * The search a call runs: its own parameters, or, when it names a kept search, that search's parameters with
 * the call's `_count` and `_offset`. Only the client that posted it, for the type it searched, reads it back,
 * until it expires; any other id gets 410 (gone) with one message, so an id tells nothing of another client.
 */
export async function searchToRun(clientId: string, type: FhirType, params: URLSearchParams, now = new Date()): Promise<SearchToRun> {
  const named = params.getAll(KEPT_SEARCH_PARAM);
  if (named.length === 0) return { ok: true, params, keptId: null, keptNames: [] };
  if (named.length > 1) return { ok: false, status: 400, message: `The parameter "${KEPT_SEARCH_PARAM}" may be given once.` };
  if ([...params.keys()].some((name) => name !== KEPT_SEARCH_PARAM && !isPaging(name)))
    return { ok: false, status: 400, message: `A kept search takes only "_count" and "_offset" beside "${KEPT_SEARCH_PARAM}".` };
  const id = uuid.safeParse(named[0]);
  if (!id.success) return { ok: false, status: 400, message: `The parameter "${KEPT_SEARCH_PARAM}" must be a search id.` };
  const row = await db.fhirSearch.findFirst({
    where: { id: id.data, apiClientId: clientId, resourceType: type, expiresAt: { gt: now } },
    select: { params: true },
  });
  if (!row) return { ok: false, status: 410, message: KEPT_SEARCH_GONE };
  const kept = new URLSearchParams(row.params);
  const run = new URLSearchParams(kept);
  for (const name of PAGING_PARAMS) for (const value of params.getAll(name)) run.append(name, value);
  return { ok: true, params: run, keptId: id.data, keptNames: [...new Set(kept.keys())] };
}

/** Keeps a posted search (already checked) for its client, without its page; returns the id its links carry. */
export async function keepSearch(clientId: string, type: FhirType, params: URLSearchParams, now = new Date()): Promise<string> {
  const search = new URLSearchParams([...params].filter(([name]) => !isPaging(name)));
  const row = await db.fhirSearch.create({
    data: {
      apiClientId: clientId,
      resourceType: type,
      params: search.toString(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + KEPT_SEARCH_MINUTES * 60_000),
    },
    select: { id: true },
  });
  return row.id;
}

/** A kept search's page as a link: its id and the page, nothing of the search itself. */
export function keptSearchUrl(base: string, type: FhirType, id: string, page: { count: number; offset: number }): string {
  return `${base}/${type}?${new URLSearchParams({ [KEPT_SEARCH_PARAM]: id, _count: String(page.count), _offset: String(page.offset) })}`;
}

/** Deletes the kept searches that have expired (the `saved-searches-expire` job, hourly); returns how many. */
export async function deleteExpiredKeptSearches(now = new Date()): Promise<number> {
  const { count } = await db.fhirSearch.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
