import { describe, expect, it } from "vitest";
import { sameMessageContent } from "./interpret";

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
