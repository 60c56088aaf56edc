import { NextResponse, type NextRequest } from "next/server";
import { PATH_HEADER, safeNextPath } from "@/lib/auth/next-path";

/**
 * Convenience only: sends visitors without a session cookie to the login page and marks portal pages
 * no-store. It is not a security boundary; every page and action checks the session itself.
 * It also sets the Content-Security-Policy with a fresh nonce per response: Next puts the nonce on its
 * own scripts, and no inline script runs without it (no 'unsafe-inline' for scripts).
 */
const isDev = process.env.NODE_ENV !== "production";
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}
// /fhir and /hl7 authenticate every call with their own bearer tokens (lib/fhir/api.ts, lib/hl7/endpoint.ts),
// never a session cookie.
const PUBLIC_PATHS = ["/login", "/setup", "/api/auth", "/fhir", "/hl7"];

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSession = request.cookies.getAll().some((c) => c.name.endsWith("authjs.session-token"));
  if (!isPublic && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    // Pages return there after sign-in: only a path of this site, with only the parameters that cannot carry
    // patient data (a search term typed into the address is dropped; see lib/auth/next-path.ts).
    const next = request.method === "GET" ? safeNextPath(`${pathname}${request.nextUrl.search}`) : null;
    if (next) url.searchParams.set("next", next);
    return NextResponse.redirect(url);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // The page asked for, so that a server-side sign-in redirect can come back to it (overwritten: never the client's).
  requestHeaders.set(PATH_HEADER, `${pathname}${request.nextUrl.search}`);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Cache-Control", "no-store, max-age=0");
  return response;
}

// Runs for every address but Next's static assets and these files. The app icon (app/icon.svg) is left out, so
// that the sign-in and setup pages have it; only these exact paths (with a query), not one that begins like them.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon\\.ico$|robots\\.txt$|icon\\.svg$).*)"] };
