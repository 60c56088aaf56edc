import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { config, proxy } from "../../proxy";

describe("the proxy's sign-in redirect", () => {
  it("remembers the page without anything that could carry patient data", () => {
    const res = proxy(new NextRequest("http://isotrack.test/patients?q=Varga%2C+Odile&dob=1994-03-12&page=2"));
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/patients?page=2");
    expect(res.headers.get("location")).not.toMatch(/Varga|Odile|1994/);
  });

  it("keeps a saved search's id and the list's filters", () => {
    const search = "4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c";
    const res = proxy(new NextRequest(`http://isotrack.test/monitoring?search=${search}&status=OVERDUE&sort=name&dir=desc`));
    expect(new URL(res.headers.get("location")!).searchParams.get("next")).toBe(`/monitoring?search=${search}&status=OVERDUE&sort=name&dir=desc`);
  });
});

describe("the proxy's matcher", () => {
  const runs = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://isotrack.test${path}` });

  it("leaves out the app icon, so that the sign-in and setup pages have it before sign-in", () => {
    expect(runs("/icon.svg")).toBe(false);
    expect(runs("/icon.svg?a1b2c3")).toBe(false);
  });

  it("leaves out the browser's own requests for the favicon and robots.txt", () => {
    expect(runs("/favicon.ico")).toBe(false);
    expect(runs("/robots.txt")).toBe(false);
  });

  it("runs for every page and for addresses that only begin like the icon's, the favicon's or robots.txt's", () => {
    const paths = ["/", "/patients", "/login", "/icon.svg/patients", "/icon.svgx", "/icon.svg.html", "/admin/icon.svg"];
    for (const path of [...paths, "/favicon.ico/patients", "/favicon.icox", "/robots.txt.html", "/robots.txt/admin"]) expect(runs(path), path).toBe(true);
  });
});
