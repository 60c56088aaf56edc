import { z } from "zod";
import { DOSE_IN_FORCE_LIMIT_CODE, DOSE_IN_FORCE_MAXIMUM_CODE } from "@/lib/domain/dosing/dose-in-force-limits";
import { WRITTEN_PRESCRIPTION_CODE } from "@/lib/domain/dosing/written-prescriptions";
import { correctionReason, recordVersion, uuid } from "./common";
import { confirmationsField, tokenOf } from "./confirmations";

/** The entries of a course that can be voided as entered in error. */
export const COURSE_ENTRY_KINDS = ["DOSE", "PRESCRIPTION", "PAUSE", "MISSED"] as const;
export type CourseEntryKind = (typeof COURSE_ENTRY_KINDS)[number];

/** The one confirmation a void or a reopening asks for: the dose it leaves in force is above a dose limit (or the label maximum). */
const DOSE_IN_FORCE_CODES = [DOSE_IN_FORCE_LIMIT_CODE, DOSE_IN_FORCE_MAXIMUM_CODE] as const;
/**
 * A prescription a pharmacy dispensed, voided: it still counts as dispensed, and the pregnancy test it rested on stays
 * used (lib/data/void-course-entry.ts asks it confirmed).
 */
export const PRESCRIPTION_DISPENSED_CODE = "PRESCRIPTION_DISPENSED";
/**
 * A void of a dose version also asks when it changes the dose a prescription already written was written for; a void
 * of a dispensed prescription, that it stays dispensed.
 */
const VOID_CODES = [...DOSE_IN_FORCE_CODES, WRITTEN_PRESCRIPTION_CODE, PRESCRIPTION_DISPENSED_CODE] as const;
const voidAck = confirmationsField(tokenOf(VOID_CODES), VOID_CODES.length);
const doseInForceAck = confirmationsField(tokenOf(DOSE_IN_FORCE_CODES), DOSE_IN_FORCE_CODES.length);

export const voidCourseEntrySchema = z.object({
  kind: z.enum(COURSE_ENTRY_KINDS, { error: "Choose the entry to void." }),
  entryId: uuid,
  reason: correctionReason,
  ack: voidAck,
});

export const reopenCourseSchema = z.object({ courseId: uuid, version: recordVersion, reason: correctionReason, ack: doseInForceAck });

export const voidWaiverSchema = z.object({ waiverId: uuid, reason: correctionReason });

export const voidOutreachNoteSchema = z.object({ noteId: uuid, reason: correctionReason });
