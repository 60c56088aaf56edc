import { describe, expect, it } from "vitest";
import { isFormulaCell, readCsvFile } from "./csv-file";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("cells a spreadsheet would run", () => {
  it.each([
    ["=1+1", true],
    ["+33 6 12", true],
    ["@SUM(A1)", true],
    ["\tx", true],
    ["-", true],
    ["-cmd|' /C calc'!A0", true],
    ["-5", false],
    ["-0.5", false],
    ["62.5", false],
    ["O'Neil", false],
    ["", false],
    ["a=b", false],
  ])("%j is a formula: %s", (cell, formula) => expect(isFormulaCell(cell)).toBe(formula));
});

describe("reading a template file", () => {
  it("takes the columns in any order and case, a byte-order mark, CRLF and quoted commas", () => {
    const file = readCsvFile(bytes('\uFEFFB,a\r\n"x, y",1\r\n\r\n'), ["a", "b"]);
    expect(file).toEqual({ ok: true, header: ["b", "a"], rows: [{ b: "x, y", a: "1" }] });
  });

  it("refuses a repeated column", () => {
    expect(readCsvFile(bytes("a,b,a\n1,2,3\n"), ["a", "b"])).toEqual({
      ok: false,
      message: "The columns do not match the template (repeated: a). Download the template and copy your data into it.",
    });
  });

  it("refuses more rows than one import reads", () => {
    const text = `a\n${"1\n".repeat(5001)}`;
    expect(readCsvFile(bytes(text), ["a"])).toEqual({
      ok: false,
      message: "The file has 5001 rows; at most 5000 are read at once. Split it into smaller files.",
    });
  });
});
