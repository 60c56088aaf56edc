-- The dashboard's and the worklist's clinic-wide predicates as index ranges, so their cost follows the
-- number of matching rows, not the size of the clinic. The partial and expression indexes cannot be
-- written in schema.prisma; the comments there name them.

-- Unreviewed abnormal and critical results (dashboard alert lists and counts).
DROP INDEX "lab_results_flag_acknowledged_at_idx";
CREATE INDEX "lab_results_unreviewed_idx" ON "lab_results" ("flag" DESC, "specimen_date" DESC, "id")
  WHERE "acknowledged_at" IS NULL AND "flag" <> 'NORMAL';

-- Open monitoring items by the day they become actionable and the last day before they are overdue
-- (lib/data/monitoring.ts statusFilterSql).
CREATE INDEX "monitoring_items_open_from_idx" ON "monitoring_items" (("due_date" - "due_soon_days"))
  WHERE NOT "waived" AND "completed_on" IS NULL;
CREATE INDEX "monitoring_items_open_overdue_idx" ON "monitoring_items" (("due_date" + "overdue_after_days"), "due_date")
  WHERE NOT "waived" AND "completed_on" IS NULL;

-- Course summaries: the daily freshness probe and the dashboard's order.
CREATE INDEX "course_summaries_as_of_idx" ON "course_summaries" ("as_of");
DROP INDEX "course_summaries_progress_percent_idx";
CREATE INDEX "course_summaries_progress_percent_course_id_idx" ON "course_summaries" ("progress_percent" DESC, "course_id");
