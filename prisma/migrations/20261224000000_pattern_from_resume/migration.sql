-- Every-N-days, N-times-a-week and on/off-cycle patterns now count from the resume day after a pause
-- (docs/DOMAIN.md "Cumulative dose"). The stored summary of each course in progress that has resumed from a
-- pause is marked for a full recompute: without its accumulator and dated the day before, the next daily
-- refresh (at the clinic's midnight, or when a worker starts) sees it stale and sums the course again.
UPDATE "course_summaries" s SET "dose_state" = NULL, "as_of" = s."as_of" - 1
WHERE EXISTS (
  SELECT 1 FROM "course_pauses" p
  WHERE p."course_id" = s."course_id" AND p."resume_date" IS NOT NULL AND p."voided_at" IS NULL);
