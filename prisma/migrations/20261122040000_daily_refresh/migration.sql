-- The calendar day the stored derived data (course summaries, monitoring items) was last brought up to
-- date by the daily refresh (lib/data/daily-refresh.ts). One row.

-- CreateTable
CREATE TABLE "daily_refreshes" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "as_of" DATE NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "daily_refreshes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "daily_refreshes_single_row" CHECK ("id" = 1)
);
