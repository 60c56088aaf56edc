"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { formatDate } from "@/lib/format";
import { correctPaperCourse } from "@/lib/data/correct-paper-course";
import { recordPaperCourse } from "@/lib/data/record-paper-course";
import { reopenCourse } from "@/lib/data/reopen-course";
import { voidCourseEntry } from "@/lib/data/void-course-entry";
import { voidOutreachNote, voidWaiver } from "@/lib/data/void-monitoring-entry";
import { correctPaperCourseSchema, paperCourseSchema } from "@/lib/validation/paper-course";
import { reopenCourseSchema, voidCourseEntrySchema, voidOutreachNoteSchema, voidWaiverSchema } from "@/lib/validation/record-corrections";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];
const VOIDED = "Entry marked as entered in error; it stays in the history, struck through.";

/** Voids a dose version, prescription, pause or missed dose entered in error; every figure is recomputed. */
export const voidCourseEntryAction = defineAction({
  permission: "doses.write",
  schema: voidCourseEntrySchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const { doseChangeStands } = await voidCourseEntry(user, input, clinicToday());
    return doseChangeStands
      ? `${VOIDED} The dose change this prescription made from ${formatDate(doseChangeStands)} still stands: void it too if it was entered in error.`
      : VOIDED;
  },
});

/** Reopens a completed or stopped course, with a reason; the ending it undoes stays in the history. */
export const reopenCourseAction = defineAction({
  permission: "doses.write",
  schema: reopenCourseSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const status = await reopenCourse(user, input);
    return status === "PAUSED" ? "Course reopened, paused as it was when it ended." : "Course reopened.";
  },
});

/** Enters a finished course from paper records. */
export const recordPaperCourseAction = defineAction({
  permission: "doses.write",
  schema: paperCourseSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordPaperCourse(user, input, clinicToday());
    return redirectTo(`/patients/${input.patientId}`);
  },
});

/** Corrects a paper course's recorded figures; the figures it replaces stay in the course's history. */
export const correctPaperCourseAction = defineAction({
  permission: "doses.write",
  schema: correctPaperCourseSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await correctPaperCourse(user, input, clinicToday());
    return "Paper record corrected; the figures it replaces stay in the course's history.";
  },
});

/** Voids a waiver entered in error: the item it skipped is open again. */
export const voidWaiverAction = defineAction({
  permission: "monitoring.waive",
  schema: voidWaiverSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await voidWaiver(user, input);
    return VOIDED;
  },
});

/** Voids an outreach note entered in error. */
export const voidOutreachNoteAction = defineAction({
  permission: "monitoring.outreach",
  schema: voidOutreachNoteSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await voidOutreachNote(user, input);
    return VOIDED;
  },
});
