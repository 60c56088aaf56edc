import "server-only";
import { randomUUID } from "node:crypto";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { systemActor, writeAudit } from "@/lib/data/audit";
import { auditHl7Reject, importHl7File } from "@/lib/data/import-hl7";
import { log } from "@/lib/log";
import { ACK_CONTENT_TYPE, buildAck, importAckText, type Ack, type Hl7Problem } from "./ack";
import { decodeHl7 } from "./charset";
import { authenticateLabInterface, claimLabMessage } from "./interfaces";
import { splitMessages } from "./oru";

/** The media types a laboratory posts HL7 v2 ER7 with (HL7 v2 over HTTP; many interfaces send text/plain). */
const ACCEPTED_TYPES = ["x-application/hl7-v2+er7", "application/hl7-v2", "application/hl7-v2+er7", "text/plain"];

type Header = Parameters<typeof buildAck>[1];

/** MSH-3, MSH-4, MSH-10 and MSH-12 read straight from the first segment, to address the acknowledgement. */
function readHeader(body: string): Header {
  const first = body.replace(/^[\uFEFF\x0b]+/, "").split(/\r\n|\r|\n/)[0] ?? "";
  if (!first.startsWith("MSH")) return { controlId: null, sender: null, version: null };
  const f = first.split(first[3] ?? "|");
  return {
    controlId: f[9]?.trim() || null,
    sender: { application: (f[2] ?? "").split("^")[0]!, facility: (f[3] ?? "").split("^")[0]! },
    version: f[11]?.split("^")[0]?.trim() || null,
  };
}

function ackResponse(status: number, ack: Ack, header: Header, extra: Record<string, string> = {}): Response {
  const ackId = `ACK${randomUUID().replace(/-/g, "").slice(0, 17)}`;
  return new Response(buildAck(ack, header, ackId), {
    status,
    headers: { "Content-Type": ACK_CONTENT_TYPE, "Cache-Control": "no-store", ...extra },
  });
}

/** A refusal for a reason unrelated to the message's content: HL7 table 0357 has no closer code than 207. */
const NOT_PROCESSED: Hl7Problem = { code: 207 };

/**
 * POST /hl7: one ORU^R01 message from a lab interface, answered with an HL7 acknowledgement (AR and AE as
 * lib/hl7/ack.ts defines them, each with an ERR segment: the HL7 error code, and the segment and field at
 * fault when there is one). A body over 256 KB never gets here: scripts/server.mjs answers it with 413 and
 * an AE of its own (scripts/hl7-ack.mjs). The bearer token comes first: without a live interface (approved
 * by a dermatologist, not revoked) nothing is read or written (401, AR); a revoked or not yet approved
 * interface's attempt is audited with the reason (an unknown token's is not: anyone could fill the trail).
 * Then the interface's rate limit (HL7_RATE_LIMIT_PER_MINUTE, lib/hl7/interfaces.ts): past it, 429 with
 * Retry-After and AR, the body unread and the refusal audited; the laboratory sends the message again
 * later, as after any AR. Another media type: 415, AR. The body is decoded by the character set MSH-18
 * names (lib/hl7/charset.ts: UTF-8, strict, or ISO 8859-1); another character set, or bytes that are not
 * text in it, get AE naming the field, and nothing is written. Then the body must be one HL7 message (400,
 * AE otherwise). The message is imported as an upload is (lib/data/import-hl7.ts), which audits it: AA
 * when imported (results attached, corrections among them, results waiting for review and why) or already
 * imported before (the same sender and control id change nothing), AE with the segment named when it is
 * malformed (a control character such as NUL included) and nothing of it was written. A failure of the
 * server (the database unreachable, an internal error) rolls the message back and answers 500, AR: the
 * laboratory sends it again. No audit row or log line carries the message's content.
 */
export async function handleHl7Post(request: Request): Promise<Response> {
  const none: Header = { controlId: null, sender: null, version: null };
  // Once the body is read, every answer (a failure included) names the message it acknowledges.
  let header = none;
  try {
    const auth = await authenticateLabInterface(request.headers.get("authorization"));
    if (!auth.ok) {
      if (auth.refused) {
        const { lab, reason } = auth.refused;
        await db.$transaction((tx) =>
          writeAudit(tx, systemActor(lab.id), { action: "access.denied", entityType: "Hl7Interface", entityId: lab.id, changes: { reason } }),
        );
      }
      const text = "A valid lab interface token is required: Authorization: Bearer <token>.";
      return ackResponse(401, { code: "AR", text, problem: NOT_PROCESSED }, none, { "WWW-Authenticate": 'Bearer realm="hl7"' });
    }
    const origin = { kind: "INTERFACE", id: auth.lab.id, name: auth.lab.name } as const;
    // Counted before the body is read: a message past the limit is neither read, stored nor imported.
    const quota = await claimLabMessage(auth.lab.id);
    if (!quota.ok) {
      const error = `This interface sent more than ${quota.limit} messages in a minute. Send it again later.`;
      // Audited once per minute: a sender looping past its limit does not fill the audit trail.
      if (quota.first) await auditHl7Reject(origin, { error });
      return ackResponse(429, { code: "AR", text: error, problem: NOT_PROCESSED }, none, { "Retry-After": String(quota.retryAfterSeconds) });
    }
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type))
      return ackResponse(415, { code: "AR", text: "Send the message as x-application/hl7-v2+er7 or text/plain.", problem: NOT_PROCESSED }, none);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const decoded = decodeHl7(bytes);
    // MSH's first fields address the acknowledgement; read leniently when the bytes are refused.
    header = readHeader(decoded.ok ? decoded.text : new TextDecoder().decode(bytes));
    if (!decoded.ok) {
      await auditHl7Reject(origin, { controlId: header.controlId, error: decoded.error });
      return ackResponse(200, { code: "AE", text: decoded.error, problem: decoded.problem }, header);
    }
    const body = decoded.text;
    const split = splitMessages(body);
    if (split.error || split.messages.length !== 1) {
      const error = split.error ?? "Send one HL7 message per request.";
      await auditHl7Reject(origin, { error });
      // No MSH segment first (1), or a second message's MSH segment (2).
      const problem: Hl7Problem = { code: 100, location: { segment: "MSH", sequence: split.error ? 1 : 2 } };
      return ackResponse(400, { code: "AE", text: error, problem }, header);
    }
    const result = await importHl7File(origin, body, clinicToday());
    const m = result.messages[0]!;
    if (m.status === "REJECTED")
      return ackResponse(200, { code: "AE", text: m.error ?? "The message is malformed.", problem: m.problem ?? { code: 102 } }, header);
    if (m.status === "ALREADY_IMPORTED") return ackResponse(200, { code: "AA", text: "Already imported: nothing changed." }, header);
    return ackResponse(200, { code: "AA", text: importAckText(m) }, header);
  } catch (error) {
    // The error's name only: a database error's message may quote the values it was given.
    log.error({ err: error instanceof Error ? error.name : "unknown", route: "hl7" }, "HL7 request failed");
    // AR, not AE: nothing is wrong with the message, and a sender resends a rejected message, where one
    // in error waits for a person to correct it (so the result would not arrive).
    return ackResponse(500, { code: "AR", text: "The server could not process the message. Send it again later.", problem: NOT_PROCESSED }, header);
  }
}
