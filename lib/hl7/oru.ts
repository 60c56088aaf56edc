import { Message, type HL7Node } from "node-hl7-client";
import type { Hl7Problem } from "./ack";
import { resultStatus } from "./interpret";
import { hl7Day, writtenDate } from "./timestamps";

/**
 * HL7 v2 ORU^R01 (unsolicited observation results), versions 2.3 to 2.5.1, parsed with node-hl7-client.
 * A file may hold several messages (each from its MSH segment; FHS/BHS/BTS/FTS batch envelopes are
 * skipped). Each message is checked whole: a message with a malformed segment is rejected with the
 * segment named, and nothing of it is imported; the other messages of the file stand on their own. A
 * refusal names segments and fields and quotes no value of the message beyond its control id, version,
 * message type and segment ids; it carries the HL7 error (table 0357) and location for the acknowledgement.
 */
export const SUPPORTED_VERSIONS = ["2.3", "2.3.1", "2.4", "2.5", "2.5.1"];

export interface Observation {
  /** OBX-1, for messages naming the segment. */
  setId: string;
  valueType: string;
  code: string;
  codeSystem: string;
  codeText: string;
  /** OBX-5 as text; coded values give their code and text ("260385009^Negative"). */
  value: string;
  valueText: string;
  unit: string | null;
  range: string | null;
  abnormalFlag: string | null;
  /** OBX-11 result status, upper case (HL7 table 0085): F final, C corrected, W wrong, D deleted, P preliminary... */
  status: string;
  specimenDate: string;
  /**
   * Where specimenDate comes from: the observation's date (OBX-14), its order's (OBR-7), or, with neither,
   * the message's own time (MSH-7), which is when it was sent, not when the specimen was collected.
   * Absent on entries queued before it was recorded.
   */
  specimenDateFrom?: SpecimenDateSource;
}

export type SpecimenDateSource = "OBX-14" | "OBR-7" | "MSH-7";

export interface PatientResults {
  mrn: string;
  birthDate: string;
  name: string;
  observations: Observation[];
}

export interface OruMessage {
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  version: string;
  raw: string;
  patients: PatientResults[];
}

export type ParsedMessage =
  | { ok: true; message: OruMessage }
  | { ok: false; controlId: string | null; sender: Sender | null; version: string | null; error: string; problem: Hl7Problem };
export interface Sender {
  application: string;
  facility: string;
}

const BATCH_SEGMENTS = new Set(["FHS", "BHS", "BTS", "FTS"]);
const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
/** A segment's name for a refusal, quoted only when it is one: anything else may be the start of a value. */
const segmentName = (name: string) => (SEGMENT_NAME.test(name) ? JSON.stringify(name) : "no segment name");

/** Splits a file into messages at each MSH segment; the segments themselves are read by the parser. */
export function splitMessages(text: string): { messages: string[]; error: string | null } {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^[\x0b\x1c]+|[\x0b\x1c]+$/g, ""))
    .filter((l) => l.trim() !== "" && !BATCH_SEGMENTS.has(l.slice(0, 3)));
  if (lines.length === 0) return { messages: [], error: "The file holds no HL7 message." };
  if (!lines[0]!.startsWith("MSH"))
    return { messages: [], error: `The file must start with an MSH segment; it starts with ${segmentName(lines[0]!.slice(0, 3))}.` };
  const messages: string[][] = [];
  for (const line of lines) {
    if (line.startsWith("MSH")) messages.push([line]);
    else messages.at(-1)!.push(line);
  }
  return { messages: messages.map((m) => m.join("\r")), error: null };
}

const text = (n: HL7Node) => n.toString().trim();

/** C0 control characters other than tab, carriage return and line feed (and DEL): HL7 v2 text carries none. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const withoutControls = (s: string) => s.replace(new RegExp(CONTROL.source, "g"), "");

/**
 * The first control character of a message, as the segment and field that hold it. PostgreSQL text cannot
 * store a NUL, and a value with one (or with another control character) is not what the laboratory meant
 * to send: the message is refused whole, with nothing of it imported, rather than altered.
 */
function controlCharacterProblem(raw: string): SegmentError | null {
  const separator = raw[3] ?? "|";
  const counts: Record<string, number> = {};
  for (const [i, line] of raw.split("\r").entries()) {
    const name = line.slice(0, 3);
    const n = (counts[name] = (counts[name] ?? 0) + 1);
    const at = line.search(CONTROL);
    if (at < 0) continue;
    const problem = `has a control character (0x${line.charCodeAt(at).toString(16).padStart(2, "0")}), not allowed in HL7 v2.`;
    if (at < 3) return new SegmentError(`Segment ${i + 1}: its name ${problem}`, { code: 102 });
    const index = line.slice(0, at).split(separator).length - 1;
    const field = name === "MSH" ? index + 1 : index;
    return new SegmentError(`${name} segment ${n}: ${name}-${field} ${problem}`, { code: 102, location: { segment: name, sequence: n, field } });
  }
  return null;
}

class SegmentError extends Error {
  constructor(
    message: string,
    readonly problem: Hl7Problem,
  ) {
    super(message);
  }
}

/** Refuses the message at a segment (the index-th with that name) and, when one is at fault, a field. */
function fail(segment: string, index: number, detail: string, code: Hl7Problem["code"], field?: number): never {
  throw new SegmentError(`${segment} segment ${index}: ${detail}`, { code, location: { segment, sequence: index, field } });
}

/** PID-3's identifier of type MR (medical record number), else its first identifier. */
function medicalRecordNumber(pid: HL7Node): string {
  const ids: { id: string; type: string }[] = [];
  pid.get(3).forEach((rep) => ids.push({ id: text(rep.get(0)), type: text(rep.get(4)) }));
  return (ids.find((i) => i.type === "MR" && i.id) ?? ids.find((i) => i.id))?.id ?? "";
}

function readMessage(raw: string): OruMessage {
  const control = controlCharacterProblem(raw);
  if (control) throw control;
  const m = new Message({ text: raw });
  const msh = m.get(0);
  const type = `${text(m.get("MSH.9.1"))}^${text(m.get("MSH.9.2"))}`;
  const controlId = text(m.get("MSH.10"));
  const version = text(m.get("MSH.12.1")) || text(m.get("MSH.12"));
  if (!controlId) fail("MSH", 1, "MSH-10 (message control id) is missing.", 101, 10);
  if (type === "^") fail("MSH", 1, "MSH-9 (message type) is missing.", 101, 9);
  // An ORU message with another trigger event is an unsupported event (201), anything else an unsupported type (200).
  if (type !== "ORU^R01") fail("MSH", 1, `MSH-9 is ${type}; only ORU^R01 result messages are accepted.`, type.startsWith("ORU^") ? 201 : 200, 9);
  if (!SUPPORTED_VERSIONS.includes(version))
    fail("MSH", 1, `MSH-12 version ${version || "(empty)"} is not supported (${SUPPORTED_VERSIONS.join(", ")}).`, 203, 12);
  const messageDay = hl7Day(text(m.get("MSH.7")));
  const patients: PatientResults[] = [];
  let orderDay: string | null = null;
  const counts: Record<string, number> = {};
  for (let i = 1; i < m.length; i++) {
    const seg = m.get(i);
    const name = raw.split("\r")[i]!.slice(0, 3);
    const n = (counts[name] = (counts[name] ?? 0) + 1);
    if (!SEGMENT_NAME.test(name)) throw new SegmentError(`Segment ${i + 1}: it starts with no segment name (such as OBX).`, { code: 100 });
    if (name === "PID") {
      const mrn = medicalRecordNumber(seg);
      const dob = text(seg.get("7.1")) || text(seg.get(7));
      if (!mrn) fail("PID", n, "PID-3 (patient identifier, MRN) is missing.", 101, 3);
      const birthDate = writtenDate(dob);
      if (!birthDate) fail("PID", n, `PID-7 (date of birth) is ${dob ? "not a date (YYYYMMDD)" : "missing"}.`, dob ? 102 : 101, 7);
      patients.push({ mrn, birthDate, name: [text(seg.get("5.2")), text(seg.get("5.1"))].filter(Boolean).join(" "), observations: [] });
      orderDay = null;
    } else if (name === "OBR") {
      const ts = text(seg.get("7.1")) || text(seg.get(7));
      orderDay = ts ? hl7Day(ts) : null;
      if (ts && !orderDay) fail("OBR", n, "OBR-7 (observation date) is not a date.", 102, 7);
    } else if (name === "OBX") {
      const patient = patients.at(-1);
      if (!patient) fail("OBX", n, "comes before any PID segment.", 100);
      if (!text(seg.get(2))) fail("OBX", n, "OBX-2 (value type) is missing.", 101, 2);
      const code = text(seg.get("3.1"));
      if (!code) fail("OBX", n, "OBX-3 (observation identifier) is missing.", 101, 3);
      const status = text(seg.get(11)).toUpperCase();
      // A result to record needs its value; a deleted, retracted or not final one may come without it.
      const value = seg.get(5).toString().trim();
      if (!value && ["FINAL", "CORRECTED"].includes(resultStatus(status))) fail("OBX", n, "OBX-5 (observation value) is missing.", 101, 5);
      const ts = text(seg.get("14.1")) || text(seg.get(14));
      const obsDay = ts ? hl7Day(ts) : null;
      if (ts && !obsDay) fail("OBX", n, "OBX-14 (observation date) is not a date.", 102, 14);
      const specimenDate = obsDay ?? orderDay ?? messageDay;
      if (!specimenDate) fail("OBX", n, "no observation date in OBX-14, OBR-7 or MSH-7.", 101, 14);
      const specimenDateFrom: SpecimenDateSource = obsDay ? "OBX-14" : orderDay ? "OBR-7" : "MSH-7";
      patient.observations.push({
        setId: text(seg.get(1)) || String(n),
        valueType: text(seg.get(2)),
        code,
        codeSystem: text(seg.get("3.3")),
        codeText: text(seg.get("3.2")),
        value: text(seg.get("5.1")),
        valueText: text(seg.get("5.2")),
        unit: text(seg.get("6.1")) || null,
        range: text(seg.get(7)) || null,
        abnormalFlag: text(seg.get(8)) || null,
        status,
        specimenDate,
        specimenDateFrom,
      });
    }
  }
  if (msh.name !== "MSH") fail("MSH", 1, "missing.", 100);
  if (patients.length === 0) fail("PID", 1, "missing: the message names no patient.", 100);
  if (patients.every((p) => p.observations.length === 0)) fail("OBX", 1, "missing: the message carries no result.", 100);
  return { controlId, sendingApplication: text(m.get("MSH.3.1")), sendingFacility: text(m.get("MSH.4.1")), version, raw, patients };
}

/** Every message of a file, each parsed or refused with the segment that made it malformed. */
export function parseOruFile(file: string): { messages: ParsedMessage[]; error: string | null } {
  const split = splitMessages(file);
  if (split.error) return { messages: [], error: split.error };
  return {
    error: null,
    messages: split.messages.map((raw) => {
      try {
        return { ok: true as const, message: readMessage(raw) };
      } catch (error) {
        // The header, for the acknowledgement, as far as it can be read.
        const fields = withoutControls(raw.split("\r")[0]!).split("|");
        const header = {
          controlId: fields[9]?.trim() || null,
          sender: { application: fields[2] ?? "", facility: fields[3] ?? "" },
          version: fields[11] ?? null,
        };
        if (error instanceof SegmentError) return { ok: false as const, ...header, error: error.message, problem: error.problem };
        const message = "MSH segment 1: the message cannot be parsed as HL7 v2 (check the field separator and encoding characters in MSH-1 and MSH-2).";
        return { ok: false as const, ...header, error: message, problem: { code: 102 as const, location: { segment: "MSH", sequence: 1 } } };
      }
    }),
  };
}
