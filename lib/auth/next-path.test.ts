import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "./next-path";

describe("the page to return to after sign-in", () => {
  it.each([
    ["/patients/4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c?labs=all", "/patients/4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c?labs=all"],
    ["/monitoring?status=OVERDUE&page=2", "/monitoring?status=OVERDUE&page=2"],
    ["/admin/audit", "/admin/audit"],
    ["/patients/../admin/users", "/admin/users"],
  ])("%s → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    ["/patients?q=Varga%2C+Odile&page=2", "/patients?page=2"],
    ["/patients?q=MRN-1001", "/patients"],
    [
      "/admin/audit?patient=MRN-1001&from=2026-11-01&actor=4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c",
      "/admin/audit?from=2026-11-01&actor=4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c",
    ],
    [
      "/monitoring?q=5550100&search=4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c&kind=PEAK_LABS&sort=name&dir=desc",
      "/monitoring?search=4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c&kind=PEAK_LABS&sort=name&dir=desc",
    ],
    ["/patients?dob=1994-03-12&phone=5550100&email=a%40b.example&mrn=X&name=Varga", "/patients"],
    [`/patients?q=${"Varga".repeat(200)}&page=3`, "/patients?page=3"],
    ["/monitoring?search=Varga&kind=Odile%20Varga&clinician=x&page=two&constructor=1", "/monitoring"],
  ])("keeps only the parameters that cannot carry patient data: %s → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    // Dot segments resolving to a protocol-relative path, which a browser reads as another site.
    "/a/..//evil.example/x",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/%2e//evil.example?page=1",
    "javascript:alert(1)",
    "/login?next=/patients",
    "/setup/abc",
    "/api/auth/signout",
    "/",
    "/patients\n",
    "/" + "a".repeat(600),
    "",
    null,
    42,
  ])("refuses %j", (input) => {
    expect(safeNextPath(input)).toBeNull();
  });

  it("builds the sign-in path", () => {
    expect(loginPath("/monitoring?page=2")).toBe("/login?next=%2Fmonitoring%3Fpage%3D2");
    expect(loginPath("//evil.example")).toBe("/login");
    expect(loginPath(null)).toBe("/login");
  });
});
