// The HL7 acknowledgement scripts/server.mjs answers a body over the size limit on /hl7 with (413, before
// Next reads it), so that a lab interface gets what it reads from /hl7: lib/hl7/ack.ts's buildAck shape and
// media type, which the production server cannot import (TypeScript); a unit test holds the two together.
// AE, not AR: sent again unchanged the message would be refused again, so it waits for a person at the
// laboratory. The body is not read, so MSA-2 (the control id acknowledged) and the sender are empty and the
// version is 2.5.1. ERR-3 is 207 (application error, HL7 table 0357): the application's own limit refused
// the message, not a segment or field of it, which 100 to 104 would name (104, value too long, is one
// field's value); no ERR-2 location, for the same reason.
import { randomUUID } from "node:crypto";

/** The lab interfaces' endpoint (app/hl7/route.ts). */
export const HL7_PATH = /^\/hl7\/?(\?|$)/;
export const HL7_ACK_CONTENT_TYPE = "x-application/hl7-v2+er7; charset=utf-8";

/** The acknowledgement of a message over limitBytes. */
export function tooLargeAck(limitBytes, now = new Date(), ackControlId = `ACK${randomUUID().replace(/-/g, "").slice(0, 17)}`) {
  const text = `The message is over ${Math.floor(limitBytes / 1024)} KB and was not read: nothing of it was imported.`;
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return [
    `MSH|^~\\&|ISOTRACK|CLINIC|||${stamp}||ACK^R01^ACK|${ackControlId}|P|2.5.1`,
    `MSA|AE||${text}`,
    `ERR|||207^Application internal error^HL70357|E||||${text}`,
  ].join("\r");
}
