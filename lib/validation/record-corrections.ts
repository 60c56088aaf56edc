import { z } from "zod";
import { correctionReason, recordVersion, uuid } from "./common";

/** The entries of a course that can be voided as entered in error. */
export const COURSE_ENTRY_KINDS = ["DOSE", "PRESCRIPTION", "PAUSE", "MISSED"] as const;
export type CourseEntryKind = (typeof COURSE_ENTRY_KINDS)[number];

export const voidCourseEntrySchema = z.object({
  kind: z.enum(COURSE_ENTRY_KINDS, { error: "Choose the entry to void." }),
  entryId: uuid,
  reason: correctionReason,
});

export const reopenCourseSchema = z.object({ courseId: uuid, version: recordVersion, reason: correctionReason });

export const voidWaiverSchema = z.object({ waiverId: uuid, reason: correctionReason });

export const voidOutreachNoteSchema = z.object({ noteId: uuid, reason: correctionReason });
