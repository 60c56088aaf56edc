import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";

/**
 * HL7 v2 acknowledgements (original acknowledgement mode, HL7 v2.5.1 chapter 2.9): AA the message was
 * accepted (imported, or already imported before), AE an application error (the message's content is
 * malformed, a control character included, and nothing of it was imported: sent again unchanged it would
 * fail again), AR rejected (no valid interface token, or not an HL7 message at all).
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
