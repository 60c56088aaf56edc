import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { neutralizeCell, toSafeCsv } from "./csv";

describe("CSV export", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["Smith, Ana", "Smith, Ana"],
    [null, ""],
  ])("neutralizes %j", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });

  it("round-trips quotes, commas and newlines", () => {
    const csv = toSafeCsv(["a", "b"], [['x, "y"', "line1\nline2"]]);
    expect(Papa.parse(csv).data).toEqual([
      ["a", "b"],
      ['x, "y"', "line1\nline2"],
    ]);
  });
});
