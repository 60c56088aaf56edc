-- The dashboard's alert lists show the most urgent flag first and, within a flag, the oldest result first
-- (ORDER BY flag DESC, specimen_date, id). The unreviewed results' index was ordered newest first within a
-- flag, so a list of several flags (low to action) sorted the whole backlog for its ten rows: about 0.6 s
-- at 250,000 patients (60,000 results awaiting review). In the list's own order it reads ten index entries.
DROP INDEX "lab_results_unreviewed_idx";
CREATE INDEX "lab_results_unreviewed_idx" ON "lab_results" ("flag" DESC, "specimen_date", "id")
  WHERE "acknowledged_at" IS NULL AND "flag" <> 'NORMAL' AND "voided_at" IS NULL AND "duplicate_of_id" IS NULL;

-- Whether a course's patient has a pregnancy test awaiting a dermatologist's decision (the dashboard's page
-- of courses): PostgreSQL answers it for a whole page at once by hashing the open decision items, which
-- without an index of their own meant reading every monitoring item (1.6 million at 250,000 patients).
CREATE INDEX "monitoring_items_open_preg_review_idx" ON "monitoring_items" ("patient_id")
  WHERE "kind" = 'PREG_REVIEW' AND "completed_on" IS NULL;

-- The dashboard's page of courses in each of its orders without sorting every course in progress (about
-- 0.4 s at 250,000 patients for the cumulative dose and the target date): the course id, which breaks
-- ties, runs in the figure's direction, so one index read forwards or backwards serves both directions.
DROP INDEX "course_summaries_progress_percent_course_id_idx";
CREATE INDEX "course_summaries_progress_percent_course_id_idx" ON "course_summaries" ("progress_percent" DESC, "course_id" DESC);
CREATE INDEX "course_summaries_mg_per_kg_course_id_idx" ON "course_summaries" ("mg_per_kg" DESC, "course_id" DESC);
-- By target date, a paused course (no projected date) last in both directions: an index for each.
CREATE INDEX "course_summaries_target_day_idx" ON "course_summaries" ((COALESCE("target_reached_on", "projected_target_date")) NULLS LAST, "course_id");
CREATE INDEX "course_summaries_target_day_desc_idx" ON "course_summaries" ((COALESCE("target_reached_on", "projected_target_date")) DESC NULLS LAST, "course_id" DESC);
