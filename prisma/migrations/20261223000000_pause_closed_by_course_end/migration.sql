-- A pause still open when its course was completed or stopped is closed the day after the end date; this
-- marks that it was the ending that closed it (not a resume), so reopening the course opens it again and
-- the course comes back paused, as it was.
ALTER TABLE "course_pauses"
  ADD COLUMN "closed_by_course_end" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "course_pauses_closed_by_course_end_resumed" CHECK (NOT "closed_by_course_end" OR "resume_date" IS NOT NULL);

-- Courses ended before this column: the pause the ending closed is the course's latest current pause, resumed
-- the day after the end date, when the course's latest ending was recorded from a paused course.
UPDATE "course_pauses" cp SET "closed_by_course_end" = true
FROM "courses" c
WHERE c."id" = cp."course_id"
  AND c."status" IN ('COMPLETED', 'STOPPED')
  AND NOT c."paper_record"
  AND cp."voided_at" IS NULL
  AND cp."start_date" <= c."end_date"
  AND cp."resume_date" = c."end_date" + 1
  AND NOT EXISTS (
    SELECT 1 FROM "course_pauses" later
    WHERE later."course_id" = cp."course_id" AND later."voided_at" IS NULL AND later."start_date" > cp."start_date")
  AND (
    SELECT a."changes"->>'from' FROM "audit_events" a
    WHERE a."entity_type" = 'Course' AND a."entity_id" = c."id"::text AND a."action" IN ('course.complete', 'course.stop')
    ORDER BY a."id" DESC LIMIT 1) = 'PAUSED';
