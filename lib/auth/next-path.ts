/** Request header the proxy sets to the path asked for (pages cannot read their own URL). */
export const PATH_HEADER = "x-isotrack-path";

/**
 * Where to go after signing in: a page of this site the user asked for. Anything else (another origin,
 * a protocol-relative or backslash path, the sign-in pages themselves, the API) is ignored, so the
 * parameter cannot be used to send a user elsewhere.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 500) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, "http://isotrack.invalid");
  } catch {
    return null;
  }
  if (url.origin !== "http://isotrack.invalid") return null;
  if (/^\/(login|setup|api)(\/|$)/.test(url.pathname) || url.pathname === "/") return null;
  return `${url.pathname}${url.search}`;
}

/** The sign-in page, remembering a page to return to. */
export function loginPath(next: string | null): string {
  const safe = safeNextPath(next);
  return safe ? `/login?next=${encodeURIComponent(safe)}` : "/login";
}
