import { z } from "zod";
import { isoDate, requiredText, uuid } from "./common";

/** An HL7 result file: .hl7 or .txt, at most 2 MB (the server refuses larger bodies). */
export const MAX_HL7_FILE_BYTES = 2 * 1024 * 1024;
export const HL7_FILE_EXTENSIONS = /\.(hl7|txt)$/i;

/** The upload form has only its file, which the action checks (lib/actions/client.ts reads files apart). */
export const uploadHl7Schema = z.object({});

/** Attaching a waiting result: the patient named by MRN and confirmed by date of birth. */
export const attachHl7Schema = z.object({
  entryId: uuid,
  mrn: requiredText("the patient's MRN", 40),
  birthDate: isoDate,
});

export const dismissHl7Schema = z.object({
  entryId: uuid,
  reason: requiredText("why the result is dismissed", 500),
});
