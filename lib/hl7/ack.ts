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
 */
export type AckCode = "AA" | "AE" | "AR";

/** A field value with HL7's delimiters escaped (\F\ \S\ \R\ \E\ \T\, control characters as \Xhh\), one line, at most 80 characters. */
export function escapeHl7(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .slice(0, 80)
    .replace(/[\\|^~&]/g, (c) => ({ "\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "~": "\\R\\", "&": "\\T\\" })[c]!)
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\X${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}\\`);
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

export function buildAck(
  code: AckCode,
  received: { controlId: string | null; sender: { application: string; facility: string } | null; version: string | null },
  text: string,
  ackControlId: string,
  now = new Date(),
): string {
  const e = escapeHl7;
  const version = received.version && /^2\.[3-5](\.1)?$/.test(received.version) ? received.version : "2.5.1";
  return [
    `MSH|^~\\&|ISOTRACK|CLINIC|${e(received.sender?.application ?? "")}|${e(received.sender?.facility ?? "")}|${stamp(now)}||ACK^R01^ACK|${e(ackControlId)}|P|${version}`,
    `MSA|${code}|${e(received.controlId ?? "")}|${e(text)}`,
  ].join("\r");
}
