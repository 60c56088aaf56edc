"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { importHl7Bytes } from "@/lib/data/import-hl7";
import { namedUploadOutcomes } from "@/lib/data/import-hl7-outcome";
import { invalidField } from "@/lib/errors";
import { HL7_FILE_EXTENSIONS, MAX_HL7_FILE_BYTES, uploadHl7Schema } from "@/lib/validation/hl7";
import { uploadAnswer } from "./answer";

/**
 * A nurse or dermatologist uploads a file of HL7 v2 ORU^R01 messages; each message is imported on its own
 * (all of it or nothing of it) and answered on the page: imported (for which patients), queued for review,
 * already imported, or refused with the segment named; first, what needs the clinic today (a pregnancy test
 * that is not negative, a critical value, a pregnancy test waiting). A file whose bytes are not text in the character set its messages name
 * (MSH-18) is refused whole.
 */
export const importHl7FileAction = defineAction({
  permission: "labs.write",
  schema: uploadHl7Schema,
  revalidate: ["/labs/queue", "/dashboard"],
  run: async (_input, { user, files }) => {
    const file = files.file;
    // No file chosen: the browser sends an empty part, under no name of a results file (the server may call it "blob").
    const none = !file || (file.bytes.length === 0 && !HL7_FILE_EXTENSIONS.test(file.name));
    if (none) throw invalidField("file", "Choose an .hl7 or .txt file of result messages.");
    if (!HL7_FILE_EXTENSIONS.test(file.name)) throw invalidField("file", "The file must be an .hl7 or .txt file.");
    if (file.bytes.length === 0)
      throw invalidField("file", "The file chosen is empty: it holds no result messages. Check that it is the laboratory's file, then choose it again.");
    if (file.bytes.length > MAX_HL7_FILE_BYTES) throw invalidField("file", "The file is larger than 2 MB: split it and upload each part.");
    // Decoded by each message's MSH-18 (UTF-8 or ISO 8859-1), refusing bytes that are not text in it.
    const result = await importHl7Bytes({ kind: "UPLOAD", user }, file.bytes, clinicToday());
    if (result.error) throw invalidField("file", result.error);
    const m = result.messages;
    const count = (s: string) => m.filter((o) => o.status === s).length;
    const messages = `${m.length} message${m.length === 1 ? "" : "s"}`;
    const summary = `${messages}: ${count("IMPORTED")} imported, ${count("ALREADY_IMPORTED")} already imported, ${count("REJECTED")} refused.`;
    // Each message in the clinic's words, the patients named and what needs the clinic today first.
    return { status: "ok", message: summary, hl7: uploadAnswer(await namedUploadOutcomes(user, m), user.role) };
  },
});
