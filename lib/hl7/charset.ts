import type { Hl7Problem } from "./ack";

/**
 * The text of HL7 v2 messages from their bytes. Each message names its character set in MSH-18 (HL7 v2.5.1
 * chapter 2, 2.15.9.18, table 0211); this receiver accepts two:
 * - `UNICODE UTF-8`, or MSH-18 empty (the sender's default, taken as UTF-8): decoded as strict UTF-8, so a
 *   byte sequence that is not UTF-8 refuses the message instead of becoming U+FFFD in a name or a result.
 * - `ASCII` (HL7's own default): 7-bit, so a byte above 0x7F refuses the message.
 * - `8859/1` (ISO 8859-1, Latin-1): each byte is its character. Bytes 0x80 to 0x9F are no character of
 *   ISO 8859-1 (Windows-1252 text sent under this name puts quotes and the euro sign there): refused.
 * Any other character set, or more than one (code switching), refuses the message. A file may hold several
 * messages, each decoded by its own MSH-18; the bytes before the first (a BOM, MLLP framing, batch headers)
 * must be UTF-8. A refusal names the message (from 1), the segment and field at fault, never a value.
 */
export type DecodedHl7 = { ok: true; text: string } | { ok: false; message: number; error: string; problem: Hl7Problem };

type Charset = { name: "UTF-8"; declared: boolean } | { name: "ASCII" } | { name: "8859/1" };

const CR = 0x0d;
const LF = 0x0a;
const VT = 0x0b;
const FS = 0x1c;
const M = 0x4d;
const S = 0x53;
const H = 0x48;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
const isUtf8 = (bytes: Uint8Array) => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};
/** The first byte that is no character of ISO 8859-1 (0x80 to 0x9F), or -1. */
const notLatin1 = (bytes: Uint8Array) => bytes.findIndex((b) => b >= 0x80 && b <= 0x9f);
/** The first byte that is no character of 7-bit ASCII, or -1. */
const notAscii = (bytes: Uint8Array) => bytes.findIndex((b) => b >= 0x80);
/** The first byte that is not text in the character set, or -1 (UTF-8: 0 when invalid anywhere). */
const firstInvalid = (bytes: Uint8Array, charset: Charset) =>
  charset.name === "UTF-8" ? (isUtf8(bytes) ? -1 : 0) : charset.name === "ASCII" ? notAscii(bytes) : notLatin1(bytes);

/** Where each message starts: "MSH" at the start of the bytes or of a line (after CR, LF or MLLP's VT or FS). */
function messageStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] !== M || bytes[i + 1] !== S || bytes[i + 2] !== H) continue;
    const before = bytes[i - 1];
    const bom = i === 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (i === 0 || bom || before === CR || before === LF || before === VT || before === FS) starts.push(i);
  }
  return starts;
}

/** The byte ranges of a message's segments (its lines), each with its name and its occurrence in the message. */
function segmentsOf(bytes: Uint8Array): { name: string; sequence: number; bytes: Uint8Array }[] {
  const out: { name: string; sequence: number; bytes: Uint8Array }[] = [];
  const counts: Record<string, number> = {};
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== CR && bytes[i] !== LF) continue;
    if (i > from) {
      const line = bytes.subarray(from, i);
      const name = latin1(line.subarray(0, 3));
      out.push({ name, sequence: (counts[name] = (counts[name] ?? 0) + 1), bytes: line });
    }
    from = i + 1;
  }
  return out;
}

/** A segment's fields as byte ranges, split at the field separator (an ASCII byte, so no character is cut). */
function fieldsOf(segment: Uint8Array, separator: number): Uint8Array[] {
  const fields: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= segment.length; i++) {
    if (i < segment.length && segment[i] !== separator) continue;
    fields.push(segment.subarray(from, i));
    from = i + 1;
  }
  return fields;
}

/** MSH-18's character set; a refusal when it names one not accepted, or several. */
function charsetOf(msh: Uint8Array): Charset | { error: string; problem: Hl7Problem } {
  const separator = msh[3];
  const fields = separator === undefined ? [] : fieldsOf(msh, separator);
  // MSH-1 is the separator itself: fields[0] is "MSH", fields[n - 1] is MSH-n.
  const repetition = latin1(fields[1] ?? new Uint8Array())[1] ?? "~";
  const values = latin1(fields[17] ?? new Uint8Array())
    .split(repetition)
    .map((v) => v.trim().toUpperCase());
  const problem: Hl7Problem = { code: 103, location: { segment: "MSH", sequence: 1, field: 18 } };
  const accepted = "use UNICODE UTF-8 (or leave it empty), ASCII or 8859/1.";
  if (values.slice(1).some((v) => v !== "")) return { error: `MSH-18 names more than one character set; ${accepted}`, problem };
  const value = values[0] ?? "";
  if (value === "") return { name: "UTF-8", declared: false };
  if (value === "UNICODE UTF-8") return { name: "UTF-8", declared: true };
  if (value === "8859/1") return { name: "8859/1" };
  if (value === "ASCII") return { name: "ASCII" };
  const named = /^[A-Z0-9 /_.-]{1,24}$/.test(value) ? `"${value}"` : "it names";
  return { error: `MSH-18 character set ${named} is not accepted; ${accepted}`, problem };
}

/** The first field of a message whose bytes are not text in its character set, as a refusal. */
function invalidText(message: Uint8Array, charset: Charset): { error: string; problem: Hl7Problem } {
  const separator = message[3]!;
  const why = (field: Uint8Array) => {
    if (charset.name === "UTF-8")
      return `is not valid UTF-8${charset.declared ? ", the character set MSH-18 names" : "; MSH-18 names no other character set"}.`;
    return `has byte 0x${field[firstInvalid(field, charset)]!.toString(16).toUpperCase()}, not a character of ${charset.name} (MSH-18).`;
  };
  const valid = (field: Uint8Array) => firstInvalid(field, charset) < 0;
  for (const [i, segment] of segmentsOf(message).entries()) {
    const fields = fieldsOf(segment.bytes, separator);
    const at = fields.findIndex((f) => !valid(f));
    if (at < 0) continue;
    // A segment without a name (or whose name is at fault) is told by its place in the message.
    if (at === 0 || !/^[A-Z][A-Z0-9]{2}$/.test(segment.name)) return { error: `Segment ${i + 1} ${why(fields[at]!)}`, problem: { code: 102 } };
    const { name, sequence } = segment;
    const field = name === "MSH" ? at + 1 : at;
    return { error: `${name} segment ${sequence}: ${name}-${field} ${why(fields[at]!)}`, problem: { code: 102, location: { segment: name, sequence, field } } };
  }
  return { error: `The message ${why(message)}`, problem: { code: 102 } };
}

export function decodeHl7(bytes: Uint8Array): DecodedHl7 {
  const starts = messageStarts(bytes);
  const preamble = bytes.subarray(0, starts[0] ?? bytes.length);
  if (!isUtf8(preamble)) {
    const where = starts.length ? "before its first MSH segment" : "(and it holds no MSH segment)";
    return { ok: false, message: 0, error: `The file is not UTF-8 text ${where}.`, problem: { code: 102 } };
  }
  const parts = [utf8.decode(preamble)];
  for (const [i, start] of starts.entries()) {
    const message = bytes.subarray(start, starts[i + 1] ?? bytes.length);
    const end = message.findIndex((b) => b === CR || b === LF);
    const charset = charsetOf(end < 0 ? message : message.subarray(0, end));
    if ("error" in charset) return { ok: false, message: i + 1, ...charset };
    if (firstInvalid(message, charset) >= 0) return { ok: false, message: i + 1, ...invalidText(message, charset) };
    parts.push(charset.name === "UTF-8" ? utf8.decode(message) : latin1(message));
  }
  return { ok: true, text: parts.join("") };
}
