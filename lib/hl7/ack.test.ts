import { describe, expect, it } from "vitest";
import { HL7_ACK_CONTENT_TYPE, HL7_PATH, tooLargeAck } from "../../scripts/hl7-ack.mjs";
import { ACK_CONTENT_TYPE, buildAck, errSegment, escapeHl7, importAckText } from "./ack";

describe("acknowledgement text", () => {
  it.each([
    [{ attached: 2, corrected: 0, queued: 0, queueReasons: [] }, "Imported: 2 results attached, 0 waiting for review."],
    [{ attached: 1, corrected: 1, queued: 0, queueReasons: [] }, "Imported: 1 results attached, 1 of them a correction, 0 waiting for review."],
    [{ attached: 3, corrected: 2, queued: 0, queueReasons: [] }, "Imported: 3 results attached, 2 of them corrections, 0 waiting for review."],
    [
      { attached: 0, corrected: 0, queued: 2, queueReasons: ["RETRACTED", "PRELIMINARY"] },
      "Imported: 0 results attached, 2 waiting for review (retracted, preliminary).",
    ],
    [{ attached: 0, corrected: 0, queued: 1, queueReasons: ["UNMATCHED"] }, "Imported: 0 results attached, 1 waiting for review (unknown MRN)."],
    // Too long for MSA-3 (80 characters) with every reason: the counts are kept, the reasons left out.
    [
      { attached: 12, corrected: 10, queued: 14, queueReasons: ["CORRECTION", "RETRACTED", "PRELIMINARY", "NOT_FINAL", "DOB_MISMATCH"] },
      "Imported: 12 results attached, 10 of them corrections, 14 waiting for review.",
    ],
  ] as const)("%o", (outcome, text) => {
    expect(importAckText({ ...outcome, queueReasons: [...outcome.queueReasons] })).toBe(text);
    expect(text.length).toBeLessThanOrEqual(80);
  });

  it("escapes control characters as HL7 hex escapes", () => {
    expect(escapeHl7("CT\u0000RL|x")).toBe("CT\\X00\\RL\\F\\x");
  });
});

describe("the ERR segment of AE and AR acknowledgements", () => {
  const now = new Date("2026-11-23T08:30:00Z");
  const received = (version: string) => ({ controlId: "NSL-42", sender: { application: "LAB", facility: "NORTHSIDE" }, version });

  it("is absent from an AA", () => {
    expect(buildAck({ code: "AA", text: "Already imported: nothing changed." }, received("2.5.1"), "ACK1", now)).toBe(
      "MSH|^~\\&|ISOTRACK|CLINIC|LAB|NORTHSIDE|20261123083000||ACK^R01^ACK|ACK1|P|2.5.1\rMSA|AA|NSL-42|Already imported: nothing changed.",
    );
  });

  it("follows the MSA of an AE with the field at fault, the HL7 error code, severity E and the text", () => {
    const text = "OBX segment 2: OBX-2 (value type) is missing.";
    const ack = buildAck({ code: "AE", text, problem: { code: 101, location: { segment: "OBX", sequence: 2, field: 2 } } }, received("2.5.1"), "ACK2", now);
    expect(ack.split("\r")).toEqual([
      "MSH|^~\\&|ISOTRACK|CLINIC|LAB|NORTHSIDE|20261123083000||ACK^R01^ACK|ACK2|P|2.5.1",
      "MSA|AE|NSL-42|OBX segment 2: OBX-2 (value type) is missing.",
      "ERR||OBX^2^2|101^Required field missing^HL70357|E||||OBX segment 2: OBX-2 (value type) is missing.",
    ]);
  });

  it("names a segment without a field, or no location for a refusal not tied to the message's content", () => {
    expect(errSegment({ code: 100, location: { segment: "PID", sequence: 1 } }, "PID segment 1: missing: the message names no patient.", "2.5")).toBe(
      "ERR||PID^1|100^Segment sequence error^HL70357|E||||PID segment 1: missing: the message names no patient.",
    );
    const ar = buildAck(
      { code: "AR", text: "The server could not process the message. Send it again later.", problem: { code: 207 } },
      received("2.5.1"),
      "ACK3",
      now,
    );
    expect(ar.split("\r")[2]).toBe("ERR|||207^Application internal error^HL70357|E||||The server could not process the message. Send it again later.");
  });

  it("fills ERR-1 (code and location) too in a 2.3, 2.3.1 or 2.4 acknowledgement, where it is the only ERR field", () => {
    const problem = { code: 203, location: { segment: "MSH", sequence: 1, field: 12 } } as const;
    const text = "MSH segment 1: MSH-12 version 2.2 is not supported (2.3, 2.3.1, 2.4, 2.5, 2.5.1).";
    expect(errSegment(problem, text, "2.3")).toBe(
      "ERR|MSH^1^12^203&Unsupported version id&HL70357|MSH^1^12|203^Unsupported version id^HL70357|E||||" +
        "MSH segment 1: MSH-12 version 2.2 is not supported (2.3, 2.3.1, 2.4, 2.5, 2.5.1).",
    );
    expect(errSegment({ code: 207 }, "Send it again later.", "2.4")).toBe(
      "ERR|^^^207&Application internal error&HL70357||207^Application internal error^HL70357|E||||Send it again later.",
    );
    expect(errSegment(problem, text, "2.5.1")).toMatch(/^ERR\|\|MSH\^1\^12\|/);
  });

  it("escapes delimiters and control characters in the location and the text, and keeps a text longer than MSA-3's 80 characters", () => {
    const text = `MSH-9 is ORU^R02&X|Y~Z\\; only ORU^R01 result messages are accepted.\u0007 ${"x".repeat(100)}`;
    const err = errSegment({ code: 201, location: { segment: "M|H", sequence: 1, field: 9 } }, text, "2.5.1");
    expect(err).toBe(
      "ERR||M\\F\\H^1^9|201^Unsupported event code^HL70357|E||||" +
        `MSH-9 is ORU\\S\\R02\\T\\X\\F\\Y\\R\\Z\\E\\; only ORU\\S\\R01 result messages are accepted.\\X07\\ ${"x".repeat(100)}`,
    );
    expect(err.split("|")).toHaveLength(9);
  });
});

describe("the acknowledgement of a body over the size limit (scripts/server.mjs, 413)", () => {
  it("is an AE with an empty MSA-2 and ERR-3 207, as buildAck writes it, in /hl7's media type", () => {
    const now = new Date("2026-11-23T08:30:00Z");
    const text = "The message is over 256 KB and was not read: nothing of it was imported.";
    expect(tooLargeAck(256 * 1024, now, "ACK9").split("\r")).toEqual([
      "MSH|^~\\&|ISOTRACK|CLINIC|||20261123083000||ACK^R01^ACK|ACK9|P|2.5.1",
      `MSA|AE||${text}`,
      `ERR|||207^Application internal error^HL70357|E||||${text}`,
    ]);
    expect(tooLargeAck(256 * 1024, now, "ACK9")).toBe(
      buildAck({ code: "AE", text, problem: { code: 207 } }, { controlId: null, sender: null, version: null }, "ACK9", now),
    );
    expect(HL7_ACK_CONTENT_TYPE).toBe(ACK_CONTENT_TYPE);
    expect(["/hl7", "/hl7/", "/hl7?x=1", "/hl7x", "/api/hl7", "/hl7/other"].map((p) => HL7_PATH.test(p))).toEqual([true, true, true, false, false, false]);
  });
});
