import { describe, expect, it } from "vitest";
import { demoPhone } from "./seed/demo-scenarios";
import { phoneE164, readPhone, showPhone } from "./phone";

/**
 * Each number with its E.164 form worked out by hand. The US numbers are in 555-0100 to 555-0199, the
 * range the North American Numbering Plan keeps for fiction; the UK one is in Ofcom's range for drama.
 */
const TABLE: [string, string | null][] = [
  ["(201) 555-0123", "+12015550123"],
  ["201.555.0123", "+12015550123"],
  ["2015550123", "+12015550123"],
  // The country code typed in front, with or without +: the same number.
  ["1 (201) 555-0123", "+12015550123"],
  ["12015550123", "+12015550123"],
  ["+1 201 555 0123", "+12015550123"],
  ["  (312) 555-0142 ", "+13125550142"],
  // Another country's number, with its country code, or after the US international prefix.
  ["+44 20 7946 0958", "+442079460958"],
  ["011 44 20 7946 0958", "+442079460958"],
  // 11 digits not starting with the US country code: not read as anything.
  ["44207946095", null],
  ["22015550123", null],
  // Too few or too many digits.
  ["555-0101", null],
  ["(201) 555-01234", null],
  // No US area code starts with 5-5-5: the numbers of old demo data.
  ["(555) 019-1234", null],
  ["(555) 0100-1000", null],
  // Letters (an extension) or nothing at all.
  ["(201) 555-0123 ext 4", null],
  ["", null],
];

describe("phone numbers", () => {
  it.each(TABLE)("%j in E.164 is %j", (typed, e164) => {
    expect(phoneE164(typed)).toBe(e164);
  });

  it("shows a valid number in the clinic country's format, another country's in the international one", () => {
    expect(showPhone("+12015550123")).toEqual({ text: "(201) 555-0123", needsCheck: false });
    expect(showPhone("201-555-0123")).toEqual({ text: "(201) 555-0123", needsCheck: false });
    expect(showPhone("+442079460958")).toEqual({ text: "+44 20 7946 0958", needsCheck: false });
  });

  it("shows a number that is not valid exactly as stored, flagged for checking", () => {
    expect(showPhone("(555) 0100-1000")).toEqual({ text: "(555) 0100-1000", needsCheck: true });
    expect(showPhone("44207946095")).toEqual({ text: "44207946095", needsCheck: true });
  });

  it("says what is wrong with a number the form refuses", () => {
    expect(readPhone("201 555 0123 ext 4")).toEqual({ ok: false, message: "Enter a phone number with digits, spaces, + ( ) - ." });
    expect(readPhone("44207946095")).toEqual({
      ok: false,
      message: "This is not a valid phone number. Enter the area code and number, or + and the country code for a number outside the US.",
    });
  });

  it("gives each demo patient a valid fictional number of their own, stored as E.164", () => {
    const numbers = Array.from({ length: 400 }, (_, i) => demoPhone(i));
    expect(numbers.slice(0, 2)).toEqual(["+12015550100", "+12015550101"]);
    expect(numbers[399]).toBe("+14155550199");
    for (const n of numbers) expect(phoneE164(n)).toBe(n);
    expect(new Set(numbers).size).toBe(400);
  });
});
