-- Calls per API client in the current minute (lib/fhir/rate-limit.ts).
ALTER TABLE "api_clients" ADD COLUMN "rate_window_start" TIMESTAMPTZ(3);
ALTER TABLE "api_clients" ADD COLUMN "rate_window_calls" INTEGER NOT NULL DEFAULT 0;
