import { describe, expect, it } from "vitest";
import { ROLE_AS_SOMEONE, withArticle } from "./articles";

describe("the indefinite article a phrase takes, by how it is said", () => {
  it.each([
    ["30-day supply", "a 30-day supply"],
    ["8-day supply", "an 8-day supply"],
    ["11-day supply", "an 11-day supply"],
    ["18-day supply", "an 18-day supply"],
    ["80-day supply", "an 80-day supply"],
    ["1-day supply", "a 1-day supply"],
    ["28-day supply", "a 28-day supply"],
    ["office staff member", "an office staff member"],
    ["administrator", "an administrator"],
    ["nurse", "a nurse"],
    ["ALT result", "an ALT result"],
    ["LDL cholesterol result", "an LDL cholesterol result"],
    ["HDL result", "an HDL result"],
    ["TSH result", "a TSH result"],
    ["triglycerides result", "a triglycerides result"],
    ["unit", "a unit"],
  ])("%s: %s", (phrase, said) => {
    expect(withArticle(phrase)).toBe(said);
  });

  it("a role as someone who holds it", () => {
    expect(ROLE_AS_SOMEONE).toEqual({
      DERMATOLOGIST: "a dermatologist",
      NURSE: "a nurse",
      STAFF: "an office staff member",
      ADMIN: "an administrator",
    });
  });
});
