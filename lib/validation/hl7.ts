import { z } from "zod";
import { blankAsAbsent, isoDate, repeatedField, requiredText, unitText, uuid } from "./common";
import { tokenCode } from "@/lib/confirmation-token";
import { confirmationsField } from "./confirmations";

/** An HL7 result file: .hl7 or .txt, at most 2 MB (the server refuses larger bodies). */
export const MAX_HL7_FILE_BYTES = 2 * 1024 * 1024;
export const HL7_FILE_EXTENSIONS = /\.(hl7|txt)$/i;

/** The upload form has only its file, which the action checks (lib/actions/client.ts reads files apart). */
export const uploadHl7Schema = z.object({});

/** At most this many results of one message are attached together (a message's results; a lipid panel is 4). */
export const MAX_ATTACHED_TOGETHER = 50;

/** The one warning attaching asks to confirm: a value unusual in the unit chosen (save-lab-rows.ts unusualCode). */
const UNUSUAL_CODE = /^UNUSUAL:[0-9a-f-]{36}$/;

/**
 * Attaching waiting results, one or several of one message (the field repeated): the patient named by
 * MRN and confirmed by date of birth; for a pregnancy test the laboratory sent without a collection date,
 * that date from the laboratory's report, not after today in the clinic (`today`); for a number sent
 * without its unit, the unit chosen (`unit:<entry id>`, one field per such result, gathered as `units`).
 * Whether an entry needs either, that the date is not after the message's own and that the unit is one of
 * the test's, are the queue's to check (lib/data/hl7-queue-attach.ts). `ack`: the confirmations of values
 * unusual in the units chosen (one per result at most, UNUSUAL:<lab test id> tokens).
 */
export const attachHl7Schema = (today: string) =>
  z
    .object({
      entryId: repeatedField(
        z.array(uuid).min(1, "Choose the results to attach.").max(MAX_ATTACHED_TOGETHER, `Attach at most ${MAX_ATTACHED_TOGETHER} results at a time.`),
      ),
      mrn: requiredText("the patient's MRN", 40),
      birthDate: isoDate,
      collectionDate: blankAsAbsent(isoDate.refine((d) => d <= today, "The collection date cannot be in the future.")),
      ack: confirmationsField((a) => UNUSUAL_CODE.test(tokenCode(a) ?? ""), MAX_ATTACHED_TOGETHER),
    })
    .catchall(z.unknown())
    .transform(({ entryId, mrn, birthDate, collectionDate, ack, ...rest }, ctx) => {
      const units: Record<string, string> = {};
      for (const [key, value] of Object.entries(rest)) {
        if (!key.startsWith("unit:")) continue;
        const id = uuid.safeParse(key.slice(5));
        const unit = unitText.safeParse(value);
        if (!id.success || !unit.success) ctx.addIssue({ code: "custom", path: [key], message: "Choose a unit from the list." });
        else if (unit.data) units[id.data] = unit.data;
      }
      return { entryId, mrn, birthDate, collectionDate, units, ack };
    });

export const dismissHl7Schema = z.object({
  entryId: uuid,
  reason: requiredText("why the result is dismissed", 500),
});
