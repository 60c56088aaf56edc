import { describe, expect, it } from "vitest";
import { parseSort, sortHref } from "./sort";

const columns = { name: "asc", progress: "desc", dob: "asc" } as const;

describe("list sort from the query string", () => {
  it("reads a known key and direction", () => {
    expect(parseSort({ sort: "progress", dir: "asc" }, columns, "name")).toEqual({ key: "progress", dir: "asc" });
  });

  it("gives each column its own first direction when none is asked", () => {
    expect(parseSort({ sort: "progress" }, columns, "name")).toEqual({ key: "progress", dir: "desc" });
    expect(parseSort({ sort: "dob", dir: "sideways" }, columns, "name")).toEqual({ key: "dob", dir: "asc" });
  });

  it("falls back on an unknown, repeated or hostile key", () => {
    expect(parseSort({ sort: "password_hash" }, columns, "name")).toEqual({ key: "name", dir: "asc" });
    expect(parseSort({ sort: ["name", "dob"], dir: "desc" }, columns, "progress")).toEqual({ key: "progress", dir: "desc" });
    expect(parseSort({ sort: "name; DROP TABLE patients" }, columns, "dob")).toEqual({ key: "dob", dir: "asc" });
    expect(parseSort({}, columns, "name")).toEqual({ key: "name", dir: "asc" });
  });

  it("links keep the filters, drop the page and name the sort", () => {
    const search = "4f6c0c1e-9d7a-4a43-9d39-5a0c8e1e2b3c";
    expect(sortHref("/patients", { search, page: "3" }, { key: "dob", dir: "desc" })).toBe(`/patients?search=${search}&sort=dob&dir=desc`);
  });
});
