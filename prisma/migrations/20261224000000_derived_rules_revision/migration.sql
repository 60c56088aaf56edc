-- The revision of the derived-data rules (lib/data/daily-refresh.ts DERIVED_RULES_REVISION) the stored
-- summaries and monitoring items were last computed with in full. When the application's revision differs,
-- the next daily refresh (at the clinic's midnight, or when a worker starts) recomputes them all, in its
-- short batches. Existing rows: 0, computed before the revisions were counted.
ALTER TABLE "daily_refreshes" ADD COLUMN "rules_revision" INTEGER NOT NULL DEFAULT 0;
