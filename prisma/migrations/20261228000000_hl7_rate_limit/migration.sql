-- Messages per lab interface in the current minute, for its rate limit (lib/data/rate-limits.ts), as
-- api_clients counts an API client's calls (migration 20261202010000_api_rate_limit).
ALTER TABLE "hl7_interfaces" ADD COLUMN "rate_window_start" TIMESTAMPTZ(3);
ALTER TABLE "hl7_interfaces" ADD COLUMN "rate_window_calls" INTEGER NOT NULL DEFAULT 0;
