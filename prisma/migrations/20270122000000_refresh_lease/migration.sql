-- The daily refresh's claim is a lease (lib/data/refresh-lease.ts): the run holding it is named by a token, and
-- each of its batches renews it in the transaction of its writes. A lease not renewed for two minutes has
-- lapsed: another run may take it over, and the run that held it stops before writing its next batch.
ALTER TABLE "daily_refreshes" ADD COLUMN "running_token" UUID;
ALTER TABLE "daily_refreshes" ADD COLUMN "running_renewed_at" TIMESTAMPTZ(3);

-- A claim taken before, without a token, is no run's that could renew it: released.
UPDATE "daily_refreshes" SET "running_as_of" = NULL, "running_since" = NULL;

-- A lease is its four columns together, or none of them.
ALTER TABLE "daily_refreshes" ADD CONSTRAINT "daily_refreshes_lease_whole" CHECK (
  ("running_token" IS NULL) = ("running_as_of" IS NULL)
  AND ("running_token" IS NULL) = ("running_since" IS NULL)
  AND ("running_token" IS NULL) = ("running_renewed_at" IS NULL)
);
