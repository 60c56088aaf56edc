import { z } from "zod";
import { blankAsAbsent, correctionReason, isoDate, recordVersion, uuid } from "./common";
import { confirmationsField, tokenOf } from "./confirmations";

/**
 * What a dispensed date recorded after the prescription was written asks to be confirmed, never refused: it is a
 * fact the pharmacy reports (lib/data/record-dispensing-checks.ts). A date after the prescription's last day to be
 * dispensed, after its course's last day, or on a day the pregnancy-prevention rules held it from dispensing.
 */
export const DISPENSED_AFTER_LAST_DAY = "DISPENSED_AFTER_LAST_DAY";
export const DISPENSED_AFTER_COURSE_END = "DISPENSED_AFTER_COURSE_END";
export const DISPENSED_WHILE_HELD = "DISPENSED_WHILE_HELD";
const DISPENSING_CODES = [DISPENSED_AFTER_LAST_DAY, DISPENSED_AFTER_COURSE_END, DISPENSED_WHILE_HELD] as const;

/**
 * The day the pharmacy dispensed a prescription (its first fill), recorded on the course at the version the form
 * showed; a correction of a date recorded before gives its reason (the data function asks for it then).
 */
export const recordDispensingSchema = z.object({
  courseId: uuid,
  version: recordVersion,
  prescriptionId: uuid,
  dispensedOn: isoDate,
  reason: blankAsAbsent(correctionReason),
  ack: confirmationsField(tokenOf(DISPENSING_CODES), DISPENSING_CODES.length),
});

export type RecordDispensingInput = z.output<typeof recordDispensingSchema>;
