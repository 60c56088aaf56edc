/**
 * HL7 v2 acknowledgements (original acknowledgement mode, HL7 v2.5.1 chapter 2.9): AA the message was
 * accepted (imported, or already imported before), AE an application error (the message is malformed and
 * nothing of it was imported), AR rejected (no valid interface token, or not an HL7 message at all).
 */
export type AckCode = "AA" | "AE" | "AR";

/** A field value with HL7's delimiters escaped (\F\ \S\ \R\ \E\ \T\), one line, at most 80 characters. */
export function escapeHl7(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .slice(0, 80)
    .replace(/[\\|^~&]/g, (c) => ({ "\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "~": "\\R\\", "&": "\\T\\" })[c]!);
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
