-- A course in progress is judged against its target by the patient's lifetime mg/kg (every course's, this
-- one's included; docs/DOMAIN.md "Targets", lib/domain/dosing/target-standing.ts): a patient past the target
-- by an earlier or paper course is past it on the dashboard and in the header too, with no remaining dose and
-- no projected date. The summary keeps that lifetime figure; its progress_percent is the lifetime figure
-- against the course's target (the dashboard's order and its count of courses near or past their target).
-- Until the next refresh recomputes every row (DERIVED_RULES_REVISION 18), a row counts its own course only.
ALTER TABLE "course_summaries" ADD COLUMN "lifetime_mg_per_kg" DOUBLE PRECISION;
UPDATE "course_summaries" SET "lifetime_mg_per_kg" = "mg_per_kg";
ALTER TABLE "course_summaries" ALTER COLUMN "lifetime_mg_per_kg" SET NOT NULL;
