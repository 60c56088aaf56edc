-- A course may have no cumulative target (rosacea, maintenance): no progress, remaining or projection.
ALTER TABLE "courses" ALTER COLUMN "target_mg_per_kg" DROP NOT NULL;
ALTER TABLE "course_summaries" ALTER COLUMN "target_mg_per_kg" DROP NOT NULL;
