import { describe, expect, it } from "vitest";
import { isoDate, requiredText } from "./common";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("one message per field", () => {
  it.each([
    ["23/11/2026", ["Use the format YYYY-MM-DD."]],
    ["2026-02-30", ["That date does not exist."]],
    ["1800-01-01", ["That date is out of range."]],
    ["", ["Use the format YYYY-MM-DD."]],
  ])("a date %j gets exactly %j", (input, expected) => expect(messages(isoDate.safeParse(input))).toEqual(expected));

  it("accepts a real date", () => expect(isoDate.parse(" 2026-11-23 ")).toBe("2026-11-23"));

  it("an empty required text asks for it once", () => {
    expect(messages(requiredText("a reason", 10).safeParse("   "))).toEqual(["Enter a reason."]);
    expect(messages(requiredText("a reason", 3).safeParse("abcd"))).toEqual(["At most 3 characters."]);
  });
});
