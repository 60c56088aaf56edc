import type { TimelineEntry } from "@/lib/data/treatment";
import type { CourseEntryKind } from "@/lib/validation/record-corrections";

/**
 * Struck through in the history (the course card's and the printed summary's): voided, superseded by a correction
 * or by a later entry of the same day, an ending undone by a reopening, or paper figures corrected.
 */
export const isStruck = (e: TimelineEntry) =>
  e.voided !== null || (e.kind === "dose" && (e.superseded || e.replacedSameDay)) || e.kind === "reopened" || e.kind === "paper";

const VOIDABLE: Partial<Record<TimelineEntry["kind"], CourseEntryKind>> = { prescription: "PRESCRIPTION", dose: "DOSE", pause: "PAUSE", missed: "MISSED" };

/**
 * The kind to void an entry of this course's history (`timeline`, the course starting on `startDate`) as, when it
 * can be: current, not superseded, not itself a correction, and not the starting regimen while no other version is
 * in force from the first day (a course needs one from its first day: it is corrected instead, as
 * lib/data/void-course-entry.ts refuses).
 */
export function voidableKind(e: TimelineEntry, timeline: readonly TimelineEntry[], startDate: string): CourseEntryKind | null {
  if (e.voided || (e.kind === "dose" && (e.superseded || e.corrects))) return null;
  const current = (o: TimelineEntry) => o.kind === "dose" && o.voided === null && !o.superseded;
  if (e.kind === "dose" && e.date === startDate && !timeline.some((o) => o !== e && current(o) && o.date === startDate)) return null;
  return VOIDABLE[e.kind] ?? null;
}
