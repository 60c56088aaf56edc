import { describe, expect, it } from "vitest";
import { NO_CONTROL_CHARACTERS } from "./common";
import { searchKind, searchTerm } from "./search";

describe("a search term from a list's form", () => {
  it("is trimmed; empty clears the search", () => {
    expect(searchTerm.parse("  Varga, Odile ")).toBe("Varga, Odile");
    expect(searchTerm.parse("   ")).toBe("");
  });

  it.each([
    ["a".repeat(101), "Search with at most 100 characters."],
    [["a", "b"], "Search for one thing at a time."],
    ["ab\u0000cd", NO_CONTROL_CHARACTERS],
    [undefined, "Type what to search for in the search box."],
  ])("%j is refused with one message", (value, message) => {
    expect(searchTerm.safeParse(value).error?.issues.map((i) => i.message)).toEqual([message]);
  });
});

describe("the kind of term the audit trail records instead of the term", () => {
  it.each([
    ["Varga, Odile", "name"],
    ["o'brien", "name"],
    ["E2E-4F2A9C", "mrn"],
    ["MRN-1001", "mrn"],
    ["(555) 019-1234", "mrn-or-phone"],
    ["5550191234", "mrn-or-phone"],
    ["1994-03-12", "date"],
    ["03/12/1994", "date"],
    ["12 Mar 1994 (age 32)", "date"],
    ["4F6C0C1E-9D7A-4A43-9D39-5A0C8E1E2B3C", "record-id"],
  ])("%j is a %s", (term, kind) => expect(searchKind(term)).toBe(kind));
});
