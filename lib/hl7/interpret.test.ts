import { describe, expect, it } from "vitest";
import { parseRange, sameMessageContent } from "./interpret";

const MSH = (time: string) => `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${time}||ORU^R01|C-1|P|2.5.1`;
const BODY = ["PID|1||MRN-1^^^CLINIC^MR||Doe^Jane||20000101|F", "OBX|1|NM|2571-8^Triglyceride^LN||210|mg/dL|0-150|H|||F"];

describe("two messages under one control id (MSH-10)", () => {
  it("say the same when only the message's time (MSH-7) or the line endings differ", () => {
    const first = [MSH("202611230830"), ...BODY].join("\r");
    expect(sameMessageContent(first, [MSH("202611231015"), ...BODY].join("\r\n"))).toBe(true);
    expect(sameMessageContent(first, `${[MSH("202611230830"), ...BODY].join("\n")}\n`)).toBe(true);
  });

  it("differ when any other field does", () => {
    const first = [MSH("202611230830"), ...BODY].join("\r");
    expect(sameMessageContent(first, [MSH("202611230830"), BODY[0], BODY[1]!.replace("||210|", "||480|")].join("\r"))).toBe(false);
    expect(sameMessageContent(first, [MSH("202611230830").replace("|P|", "|T|"), ...BODY].join("\r"))).toBe(false);
    expect(sameMessageContent(first, [MSH("202611230830"), BODY[0]].join("\r"))).toBe(false);
  });
});

describe("a laboratory's range (OBX-7)", () => {
  it.each([
    ["0-200", { low: 0, high: 200, unit: null }],
    ["0.0 - 1.7", { low: 0, high: 1.7, unit: null }],
    ["<200", { low: null, high: 200, unit: null }],
    ["<=150", { low: null, high: 150, unit: null }],
    [">39", { low: 39, high: null, unit: null }],
    ["0-200 mg/dL", { low: 0, high: 200, unit: "mg/dL" }],
    ["<1.7mmol/L", { low: null, high: 1.7, unit: "mmol/L" }],
    ["7-56 [IU]/L", { low: 7, high: 56, unit: "[IU]/L" }],
    ["Negative", { low: null, high: null, unit: null }],
    ["see report", { low: null, high: null, unit: null }],
    ["", { low: null, high: null, unit: null }],
  ])("%j reads as its limits and the unit written after them", (text, expected) => {
    expect(parseRange(text)).toEqual(expected);
  });
});
