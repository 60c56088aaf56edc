/** Request header the proxy sets to the path asked for (pages cannot read their own URL). */
export const PATH_HEADER = "x-isotrack-path";

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[A-Za-z_-]{1,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The query parameters a return path keeps, each with the shape of its values: ids, filters, order and
 * page, none of which can carry patient data (a list's search is a saved search's id:
 * lib/data/saved-searches.ts). Anything else, such as a search term typed into an address, is dropped, so
 * it never reaches the sign-in page's URL.
 */
const NON_IDENTIFYING_PARAMS: Record<string, RegExp> = {
  search: ID,
  clinician: ID,
  actor: ID,
  page: /^\d{1,7}$/,
  sort: WORD,
  dir: WORD,
  kind: WORD,
  status: WORD,
  labs: WORD,
  setup: WORD,
  from: DAY,
  to: DAY,
};
const keptParam = ([key, value]: [string, string]) => Object.hasOwn(NON_IDENTIFYING_PARAMS, key) && NON_IDENTIFYING_PARAMS[key]!.test(value);

/**
 * Where to go after signing in: a page of this site the user asked for, with its non-identifying
 * parameters only. Anything else (another origin, a protocol-relative or backslash path, the sign-in
 * pages themselves, the API) is ignored, so the parameter cannot be used to send a user elsewhere.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 4000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, "http://isotrack.invalid");
  } catch {
    return null;
  }
  // Dot segments resolve away ("/a/..//evil.example" becomes "//evil.example"): the resolved path is checked again.
  if (url.origin !== "http://isotrack.invalid" || url.pathname.startsWith("//") || url.pathname.includes("\\")) return null;
  if (/^\/(login|setup|api)(\/|$)/.test(url.pathname) || url.pathname === "/") return null;
  const kept = new URLSearchParams([...url.searchParams].filter(keptParam));
  const path = kept.size ? `${url.pathname}?${kept.toString()}` : url.pathname;
  return path.length > 500 ? null : path;
}

/** The sign-in page, remembering a page to return to. */
export function loginPath(next: string | null): string {
  const safe = safeNextPath(next);
  return safe ? `/login?next=${encodeURIComponent(safe)}` : "/login";
}
