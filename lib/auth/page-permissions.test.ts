import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importBatchInPath, pagePermission, patientInPath } from "./page-permissions";

/** Every portal page file, with a concrete path for it ([patientId] → a sample id). */
function portalPages(dir = "app/(portal)", out: { file: string; url: string }[] = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) portalPages(p, out);
    else if (name === "page.tsx") {
      const url = `/${path
        .relative("app/(portal)", dir)
        .split(path.sep)
        .map((s) => (s.startsWith("[") ? "4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c" : s))
        .join("/")}`;
      out.push({ file: p, url });
    }
  }
  return out;
}

describe("the page permission table", () => {
  it.each([
    ["/dashboard", "dashboard.read"],
    ["/patients", "patients.read"],
    ["/patients?q=smith", "patients.read"],
    ["/patients/new", "patients.write"],
    ["/patients/abc/edit", "patients.write"],
    ["/patients/abc/courses/new", "doses.write"],
    ["/patients/abc", "patients.read"],
    ["/admin/users", "users.manage"],
    ["/admin/audit?patient=x", "audit.read"],
    ["/admin/jobs", "jobs.manage"],
    ["/account", "account.self"],
    ["/login", null],
    ["/dashboardx", null],
  ])("%s needs %s", (url, permission) => {
    expect(pagePermission(url)).toBe(permission);
  });

  it("agrees with every portal page's own check", () => {
    const pages = portalPages();
    expect(pages.length).toBeGreaterThanOrEqual(12);
    for (const { file, url } of pages) {
      const own = /requirePagePermission\("([a-z.]+)"\)/.exec(readFileSync(file, "utf8"))?.[1] ?? "account.self";
      expect(pagePermission(url), file).toBe(own);
    }
  });
});

describe("the patient a page is about", () => {
  const id = "5f0c9a52-3b7e-4c1d-9a8e-2f6b1c0d4e73";
  it.each([
    [`/patients/${id}`, id],
    [`/patients/${id}/courses/new?x=1`, id],
    [`/patients/${id.toUpperCase()}/print`, id.toUpperCase()],
    ["/patients/not-an-id", ""],
    ["/patients/new", null],
    ["/patients/import/abc", null],
    ["/patients", null],
    ["/patients?q=smith", null],
    ["/dashboard", null],
  ])("%s: %s", (url, patient) => {
    expect(patientInPath(url)).toBe(patient);
  });
});

describe("the import batch a page is about", () => {
  const id = "5f0c9a52-3b7e-4c1d-9a8e-2f6b1c0d4e73";
  it.each([
    [`/patients/import/${id}`, id],
    [`/patients/import/${id}?x=1`, id],
    ["/patients/import/not-an-id", ""],
    ["/patients/import", null],
    ["/patients/import/template/patients", null],
    [`/patients/${id}`, null],
    ["/dashboard", null],
  ])("%s: %s", (url, batch) => {
    expect(importBatchInPath(url)).toBe(batch);
  });
});
