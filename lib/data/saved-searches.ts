import "server-only";
import { db } from "@/lib/db";
import { uuid } from "@/lib/validation/common";
import { SEARCH_PARAM, searchKind, type SearchKind } from "@/lib/validation/search";

/**
 * Searches without the term in the address. A list's search form posts what was typed; the server keeps
 * it here as a saved search of its user and sends the browser to the list with `?search=<id>`. Names,
 * MRNs, phone numbers and dates of birth therefore never reach a URL, so neither browser history, nor a
 * proxy's or the server's access log, nor the `next=` of a sign-in redirect carries them. The audit rows
 * of the lists record the saved search's id and the kind of term (lib/validation/search.ts), not the term.
 *
 * A saved search lasts 12 hours, as long as a session can (lib/auth/sessions.ts): a working day. Only its
 * own user reads it; the `saved-searches-expire` job deletes it once expired (it holds no clinical data).
 */
export const SAVED_SEARCH_HOURS = 12;

export const SEARCH_UNAVAILABLE = "That search is no longer available (searches last 12 hours, for the person who made them). Search again.";
export const SEARCH_IN_ADDRESS = "A search typed into the page's address is not used: type it in the search box.";

/** The search a list page shows: its saved search's id, the term for the search box, and a notice when an address named one it cannot use. */
export interface ActiveSearch {
  id: string | null;
  term: string;
  kind: SearchKind | null;
  notice: string | null;
}

const NO_SEARCH: ActiveSearch = { id: null, term: "", kind: null, notice: null };

/** Keeps what was typed (validated) for its user; returns the id the list's address carries, none for an empty search box. */
export async function savedSearchId(user: { id: string }, term: string): Promise<string | undefined> {
  if (!term) return undefined;
  const now = new Date();
  const row = await db.savedSearch.create({
    data: { userId: user.id, term, createdAt: now, expiresAt: new Date(now.getTime() + SAVED_SEARCH_HOURS * 3_600_000) },
    select: { id: true },
  });
  return row.id;
}

/**
 * The search a list page was opened with. `?search=<id>` names a saved search, read only for its own user
 * and only until it expires: someone else's, an expired, an unknown or a malformed id gives no search and
 * a notice. A term in the address itself (`legacyParam`: `q`, the audit trail's `patient`, from an old
 * bookmark) is not used, and said so.
 */
export async function searchFromParams(
  user: { id: string },
  params: Record<string, string | string[] | undefined>,
  legacyParam: string,
  now = new Date(),
): Promise<ActiveSearch> {
  const raw = params[SEARCH_PARAM];
  if (raw === undefined || raw === "") return params[legacyParam] === undefined ? NO_SEARCH : { ...NO_SEARCH, notice: SEARCH_IN_ADDRESS };
  const id = uuid.safeParse(raw);
  const row = id.success
    ? await db.savedSearch.findFirst({ where: { id: id.data, userId: user.id, expiresAt: { gt: now } }, select: { id: true, term: true } })
    : null;
  return row ? { id: row.id, term: row.term, kind: searchKind(row.term), notice: null } : { ...NO_SEARCH, notice: SEARCH_UNAVAILABLE };
}

/** The search as the audit rows of a list record it: the saved search's id and the kind of term, never the term. */
export function searchForAudit(search: ActiveSearch): { search: string; searchKind: SearchKind } | Record<string, never> {
  return search.id && search.kind ? { search: search.id, searchKind: search.kind } : {};
}

/** Deletes the saved searches that have expired (the `saved-searches-expire` job, hourly); returns how many. */
export async function deleteExpiredSavedSearches(now = new Date()): Promise<number> {
  const { count } = await db.savedSearch.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
