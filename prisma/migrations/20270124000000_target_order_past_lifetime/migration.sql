-- The dashboard's order by target date: a course whose patient's lifetime total is at or past the course's
-- target by earlier or paper courses has no projected date and no day of its own it reached the target, so
-- it sorted last, among the paused courses, where a dermatologist looking for the courses at their target
-- first would not find it. Past the target (the comparison targetStanding makes: lifetime mg/kg >= target),
-- it now sorts before every date, soonest first, and after them latest first; a paused course still last.
DROP INDEX "course_summaries_target_day_idx";
DROP INDEX "course_summaries_target_day_desc_idx";
CREATE INDEX "course_summaries_target_day_idx" ON "course_summaries" ((COALESCE("target_reached_on", "projected_target_date", CASE WHEN "lifetime_mg_per_kg" >= "target_mg_per_kg" THEN '-infinity'::date END)) NULLS LAST, "course_id");
CREATE INDEX "course_summaries_target_day_desc_idx" ON "course_summaries" ((COALESCE("target_reached_on", "projected_target_date", CASE WHEN "lifetime_mg_per_kg" >= "target_mg_per_kg" THEN '-infinity'::date END)) DESC NULLS LAST, "course_id" DESC);
