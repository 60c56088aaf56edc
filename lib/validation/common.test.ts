import { describe, expect, it } from "vitest";
import { INT4_MAX, isoDate, RECORD_VERSION_INVALID, recordVersion, requiredText } from "./common";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("one message per field", () => {
  it.each([
    ["23/11/2026", ["Use the format YYYY-MM-DD."]],
    ["2026-02-30", ["That date does not exist."]],
    ["1800-01-01", ["That date is out of range."]],
    ["", ["Enter a date."]],
    ["   ", ["Enter a date."]],
  ])("a date %j gets exactly %j", (input, expected) => expect(messages(isoDate.safeParse(input))).toEqual(expected));

  it("accepts a real date", () => expect(isoDate.parse(" 2026-11-23 ")).toBe("2026-11-23"));

  it("an empty required text asks for it once", () => {
    expect(messages(requiredText("a reason", 10).safeParse("   "))).toEqual(["Enter a reason."]);
    expect(messages(requiredText("a reason", 3).safeParse("abcd"))).toEqual(["At most 3 characters."]);
  });
});

describe("a record version", () => {
  it.each(["0", "-1", "1.5", "abc", "", "99999999999", String(INT4_MAX + 1), "1e400"])("%j is refused with one clear message", (input) => {
    expect([...new Set(messages(recordVersion.safeParse(input)))]).toEqual([RECORD_VERSION_INVALID]);
  });

  it("takes 1 to the largest INTEGER", () => {
    expect(recordVersion.parse("1")).toBe(1);
    expect(recordVersion.parse(String(INT4_MAX))).toBe(INT4_MAX);
  });
});
