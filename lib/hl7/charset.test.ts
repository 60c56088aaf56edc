import { describe, expect, it } from "vitest";
import { decodeHl7 } from "./charset";

/** One ORU^R01 message whose patient is "Doe^<given>", with MSH-18 as given (MSH-13 to MSH-17 empty). */
const message = (given: string, msh18: string | null, controlId = "C-1") =>
  [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1${msh18 === null ? "" : `||||||${msh18}`}`,
    `PID|1||MRN-1^^^CLINIC^MR||Doe^${given}||20000101|F`,
    "OBX|1|NM|2571-8^Triglyceride^LN||210|mg/dL|0-150|H|||F",
  ].join("\r");
const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

describe("the text of HL7 messages from their bytes, by MSH-18", () => {
  it("decodes UTF-8 under an empty or absent MSH-18 and under UNICODE UTF-8, and ISO 8859-1 under 8859/1: José round-trips in each", () => {
    for (const [text, bytes] of [
      [message("José", null), utf8(message("José", null))],
      [message("José", ""), utf8(message("José", ""))],
      [message("José", "UNICODE UTF-8"), utf8(message("José", "UNICODE UTF-8"))],
      [message("José", "unicode utf-8"), utf8(message("José", "unicode utf-8"))],
      [message("José", "8859/1"), latin1(message("José", "8859/1"))],
    ] as const) {
      const decoded = decodeHl7(bytes);
      expect(decoded).toEqual({ ok: true, text });
      expect(decoded.ok && decoded.text).toContain("Doe^José|");
    }
    // The same name in each encoding: two bytes in UTF-8, one in ISO 8859-1.
    expect(utf8("é")).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(latin1("é")).toEqual(new Uint8Array([0xe9]));
  });

  it("refuses Latin-1 bytes under an empty MSH-18 or UNICODE UTF-8, naming the segment and field, quoting no value", () => {
    expect(decodeHl7(latin1(message("José", null)))).toEqual({
      ok: false,
      message: 1,
      error: "PID segment 1: PID-5 is not valid UTF-8; MSH-18 names no other character set.",
      problem: { code: 102, location: { segment: "PID", sequence: 1, field: 5 } },
    });
    const declared = decodeHl7(latin1(message("José", "UNICODE UTF-8")));
    expect(declared).toMatchObject({ ok: false, error: "PID segment 1: PID-5 is not valid UTF-8, the character set MSH-18 names." });
    // A sequence cut short (at the end of OBX-11) and an overlong encoding (of "/", in PID-5) are not UTF-8 either.
    const cut = decodeHl7(concat(utf8(message("Jos", null)), new Uint8Array([0xc3])));
    expect(cut).toMatchObject({ ok: false, problem: { location: { segment: "OBX", sequence: 1, field: 11 } } });
    const [head, tail] = message("Jos", null).split("Doe^") as [string, string];
    const overlong = decodeHl7(concat(utf8(`${head}Doe^`), new Uint8Array([0xc0, 0xaf]), utf8(tail)));
    expect(overlong).toMatchObject({ ok: false, problem: { location: { segment: "PID", sequence: 1, field: 5 } } });
  });

  it("refuses bytes 0x80 to 0x9F under 8859/1: Windows-1252 quotes are no character of ISO 8859-1", () => {
    const bytes = latin1(message("José", "8859/1"));
    bytes[bytes.indexOf(0xe9)] = 0x93;
    expect(decodeHl7(bytes)).toEqual({
      ok: false,
      message: 1,
      error: "PID segment 1: PID-5 has byte 0x93, not a character of 8859/1 (MSH-18).",
      problem: { code: 102, location: { segment: "PID", sequence: 1, field: 5 } },
    });
  });

  it("decodes 7-bit text under ASCII, HL7's default, and refuses a byte above 0x7F there", () => {
    expect(decodeHl7(utf8(message("Jane", "ASCII")))).toEqual({ ok: true, text: message("Jane", "ASCII") });
    expect(decodeHl7(latin1(message("José", "ASCII")))).toEqual({
      ok: false,
      message: 1,
      error: "PID segment 1: PID-5 has byte 0xE9, not a character of ASCII (MSH-18).",
      problem: { code: 102, location: { segment: "PID", sequence: 1, field: 5 } },
    });
  });

  it("refuses any other character set, or several, at MSH-18 (table value not found), whatever the bytes", () => {
    for (const [msh18, named] of [
      ["8859/15", '"8859/15"'],
      ["UNICODE", '"UNICODE"'],
      ["UTF-8", '"UTF-8"'],
      ["José", "it names"],
    ]) {
      expect(decodeHl7(utf8(message("Jane", msh18!)))).toEqual({
        ok: false,
        message: 1,
        error: `MSH-18 character set ${named} is not accepted; use UNICODE UTF-8 (or leave it empty), ASCII or 8859/1.`,
        problem: { code: 103, location: { segment: "MSH", sequence: 1, field: 18 } },
      });
    }
    expect(decodeHl7(utf8(message("Jane", "8859/1~ISO IR87")))).toMatchObject({
      ok: false,
      error: "MSH-18 names more than one character set; use UNICODE UTF-8 (or leave it empty), ASCII or 8859/1.",
    });
    expect(decodeHl7(utf8(message("Jane", "UNICODE UTF-8~")))).toMatchObject({ ok: true });
  });

  it("decodes each message of a file by its own MSH-18, keeps line endings and framing, and names the message refused", () => {
    const first = message("José", "8859/1", "C-1");
    const second = message("Zoë", "", "C-2");
    const file = concat(utf8("\uFEFF\x0b"), latin1(first), utf8("\x1c\r\n\x0b"), utf8(second), utf8("\x1c\r\n"));
    expect(decodeHl7(file)).toEqual({ ok: true, text: `\x0b${first}\x1c\r\n\x0b${second}\x1c\r\n` });

    const refused = concat(latin1(first), utf8("\n"), latin1(second));
    expect(decodeHl7(refused)).toMatchObject({ ok: false, message: 2, error: "PID segment 1: PID-5 is not valid UTF-8; MSH-18 names no other character set." });
    // "MSH" inside a field does not start a message.
    expect(decodeHl7(latin1(message("José", "8859/1").replace("Doe^", "Doe MSH^")))).toMatchObject({ ok: true });
  });

  it("refuses bytes before the first message, or a file without one, that are not UTF-8", () => {
    expect(decodeHl7(concat(new Uint8Array([0xff, 0x0d]), utf8(message("Jane", ""))))).toEqual({
      ok: false,
      message: 0,
      error: "The file is not UTF-8 text before its first MSH segment.",
      problem: { code: 102 },
    });
    expect(decodeHl7(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xe2, 0xe3]))).toMatchObject({
      ok: false,
      error: "The file is not UTF-8 text (and it holds no MSH segment).",
    });
    expect(decodeHl7(utf8("no message here"))).toEqual({ ok: true, text: "no message here" });
    expect(decodeHl7(new Uint8Array())).toEqual({ ok: true, text: "" });
  });

  it("names a segment without a name by its place in the message", () => {
    const bytes = concat(utf8(`${message("Jane", "")}\r`), latin1("é|continued"));
    expect(decodeHl7(bytes)).toEqual({
      ok: false,
      message: 1,
      error: "Segment 4 is not valid UTF-8; MSH-18 names no other character set.",
      problem: { code: 102 },
    });
  });
});
