-- The dashboard's, the worklist's and the patient search's clinic-wide predicates as index ranges, so
-- their cost follows the number of matching rows, not the size of the clinic. The partial and expression
-- indexes cannot be written in schema.prisma; the comments there name them.

-- Unreviewed abnormal and critical results (dashboard alert lists and counts).
DROP INDEX "lab_results_flag_acknowledged_at_idx";
CREATE INDEX "lab_results_unreviewed_idx" ON "lab_results" ("flag" DESC, "specimen_date" DESC, "id")
  WHERE "acknowledged_at" IS NULL AND "flag" <> 'NORMAL';

-- Open monitoring items (not waived, not completed) by the day they become actionable, carrying the
-- columns the worklist's status and kind filters read, so its counts are index-only scans
-- (lib/data/monitoring.ts openItemsSql); and by due date, for its default order (most overdue first).
CREATE INDEX "monitoring_items_open_from_idx" ON "monitoring_items" (("due_date" - "due_soon_days"))
  INCLUDE ("due_date", "due_soon_days", "overdue_after_days", "kind")
  WHERE NOT "waived" AND "completed_on" IS NULL;
CREATE INDEX "monitoring_items_open_due_idx" ON "monitoring_items" ("due_date")
  WHERE NOT "waived" AND "completed_on" IS NULL;

-- Course summaries: the dashboard's order.
DROP INDEX "course_summaries_progress_percent_idx";
CREATE INDEX "course_summaries_progress_percent_course_id_idx" ON "course_summaries" ("progress_percent" DESC, "course_id");
CREATE INDEX "course_summaries_as_of_idx" ON "course_summaries" ("as_of");

-- Patient search (lib/data/patients.ts searchSql): case-insensitive name prefixes and exact MRN.
CREATE INDEX "patients_last_name_prefix_idx" ON "patients" (lower("last_name") text_pattern_ops);
CREATE INDEX "patients_first_name_prefix_idx" ON "patients" (lower("first_name") text_pattern_ops);
CREATE INDEX "patients_mrn_lower_idx" ON "patients" (lower("mrn"));
