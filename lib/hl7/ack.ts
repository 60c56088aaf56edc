import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";

/**
 * HL7 v2 acknowledgements (original acknowledgement mode, HL7 v2.5.1 chapter 2, 2.9.2 and table 0008),
 * chosen by what the sender should do next:
 * - AA accepted: imported, or already imported before.
 * - AE application error: what was sent is at fault and nothing of it was imported (a malformed message,
 *   a control character, a message type or version not accepted, a body that is not one HL7 message).
 *   Sent again unchanged it would fail again; senders hold it for a person to correct, not resend it.
 * - AR application reject: the message was not processed for a reason unrelated to its content (no valid
 *   interface token, another media type, a failure of the server such as the database being
 *   unreachable). The standard's words: the receiver will likely accept the same message later, so the
 *   sender sends it again. HL7 also lists a message type, processing id or version the receiver does not
 *   accept (MSH-9, MSH-11, MSH-12) under AR; those are AE here, since a sender resending AR messages
 *   would send them again unchanged for ever.
 * Every AE and AR carries an ERR segment saying why (errSegment); AA carries none.
 */
export type AckCode = "AA" | "AE" | "AR";

/**
 * A field value with HL7's delimiters escaped (\F\ \S\ \R\ \E\ \T\, control characters as \Xhh\), one line, at most
 * maxLength characters (80 for MSA-3, 250 for ERR-8).
 */
export function escapeHl7(value: string, maxLength = 80): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .slice(0, maxLength)
    .replace(/[\\|^~&]/g, (c) => ({ "\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "~": "\\R\\", "&": "\\T\\" })[c]!)
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\X${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}\\`);
}

/**
 * The HL7 error codes (table 0357, HL7 v2.5.1 chapter 2) this receiver reports in ERR-3. 207 is every refusal
 * not caused by the message's content (AR: no valid token, the rate limit, another media type, a failure of the
 * server), and a body over the size limit (AE: scripts/hl7-ack.mjs).
 */
export const HL7_ERROR_CODES = {
  100: "Segment sequence error",
  101: "Required field missing",
  102: "Data type error",
  103: "Table value not found",
  200: "Unsupported message type",
  201: "Unsupported event code",
  203: "Unsupported version id",
  207: "Application internal error",
} as const;

/**
 * Why a message was refused, for the ERR segment: the table 0357 code and, when the error is tied to one, the
 * segment (its id, and which of the message's segments with that id, from 1) and the field at fault.
 */
export interface Hl7Problem {
  code: keyof typeof HL7_ERROR_CODES;
  location?: { segment: string; sequence: number; field?: number };
}

/** Why results wait for review, in a few words for the acknowledgement. */
const ACK_REASONS: Record<Hl7QueueReason, string> = {
  UNMATCHED: "unknown MRN",
  AMBIGUOUS: "MRN not unique",
  DOB_MISMATCH: "date of birth differs",
  IMPLAUSIBLE: "value not accepted",
  UNKNOWN_TEST: "unknown test",
  UNKNOWN_UNIT: "unit not accepted",
  CORRECTION: "correction",
  RETRACTED: "retracted",
  PRELIMINARY: "preliminary",
  NOT_FINAL: "not final",
  CONTROL_ID_REUSED: "control id reused",
  COLLECTION_DATE_MISSING: "no collection date",
  VOIDED_ON_CHART: "voided on chart",
  OTHER_RESULT_IN_MESSAGE: "another result in message",
  VALUE_NOT_READABLE: "value not readable",
  FUTURE_DATE: "date in the future",
};

/**
 * What an imported message did, in MSA-3 (at most 80 characters): results attached, how many of them
 * replaced a corrected result, results waiting for review and why (the reasons left out when they do not fit).
 */
export function importAckText(o: { attached: number; corrected: number; queued: number; queueReasons: Hl7QueueReason[] }): string {
  const corrections = o.corrected ? `, ${o.corrected} of them ${o.corrected === 1 ? "a correction" : "corrections"}` : "";
  const counts = `Imported: ${o.attached} results attached${corrections}, ${o.queued} waiting for review`;
  const reasons = o.queueReasons.length ? ` (${o.queueReasons.map((r) => ACK_REASONS[r]).join(", ")})` : "";
  return `${counts}${reasons}`.length < 80 ? `${counts}${reasons}.` : `${counts}.`;
}

const stamp = (now: Date) => now.toISOString().replace(/[-:T]/g, "").slice(0, 14);

/** Components joined with their separator, the empty ones at the end left out. */
const components = (values: (string | number | undefined)[], separator: string) =>
  values
    .map((v) => v ?? "")
    .join(separator)
    .replace(/[\^&]+$/, "");

/**
 * The ERR segment of an AE or AR acknowledgement (HL7 v2.5.1 chapter 2, 2.15.5): ERR-2 error location
 * (segment id^sequence^field position), ERR-3 the table 0357 code, ERR-4 severity E (the message was not
 * imported), ERR-8 the same text as MSA-3, which names segments and fields but quotes no value of the message.
 * Before 2.5 the ERR segment had only ERR-1, error code and location (ELD: segment^sequence^field^code): an
 * acknowledgement in 2.3, 2.3.1 or 2.4 carries it too, for senders that read only that field.
 */
export function errSegment(problem: Hl7Problem, text: string, version: string): string {
  const e = escapeHl7;
  const at = problem.location;
  const where = [at && e(at.segment), at?.sequence, at?.field];
  const code = [problem.code, HL7_ERROR_CODES[problem.code], "HL70357"];
  const eld = /^2\.[34]/.test(version) ? components([...where, components(code, "&")], "^") : "";
  return `ERR|${eld}|${components(where, "^")}|${components(code, "^")}|E||||${e(text, 250)}`;
}

/** What an acknowledgement says: AA with its text, AE and AR with the text and the problem for the ERR segment. */
export type Ack = { code: "AA"; text: string } | { code: Exclude<AckCode, "AA">; text: string; problem: Hl7Problem };

/** The media type /hl7 answers in (scripts/hl7-ack.mjs answers a body over the size limit in it too). */
export const ACK_CONTENT_TYPE = "x-application/hl7-v2+er7; charset=utf-8";

export function buildAck(
  ack: Ack,
  received: { controlId: string | null; sender: { application: string; facility: string } | null; version: string | null },
  ackControlId: string,
  now = new Date(),
): string {
  const e = escapeHl7;
  const version = received.version && /^2\.[3-5](\.1)?$/.test(received.version) ? received.version : "2.5.1";
  return [
    `MSH|^~\\&|ISOTRACK|CLINIC|${e(received.sender?.application ?? "")}|${e(received.sender?.facility ?? "")}|${stamp(now)}||ACK^R01^ACK|${e(ackControlId)}|P|${version}`,
    `MSA|${ack.code}|${e(received.controlId ?? "")}|${e(ack.text)}`,
    ...(ack.code === "AA" ? [] : [errSegment(ack.problem, ack.text, version)]),
  ].join("\r");
}
