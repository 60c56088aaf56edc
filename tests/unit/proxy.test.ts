import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../../proxy";

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
