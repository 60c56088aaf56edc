-- Token custody: the token of an API client or a lab interface reaches its system through a dermatologist, never
-- through an administrator alone. An administrator creates the client or interface without a token; the
-- dermatologist who approves it has its token issued and shown once to them, and so does the dermatologist who
-- approves a new token an administrator asked for (lib/data/token-decisions.ts). A token works only once issued
-- so (token_issued_at set).
ALTER TABLE "api_clients" ALTER COLUMN "token_hash" DROP NOT NULL;
ALTER TABLE "api_clients" ALTER COLUMN "token_hint" DROP NOT NULL;
ALTER TABLE "api_clients" ADD COLUMN "token_issued_at" TIMESTAMPTZ(3);
ALTER TABLE "api_clients" ADD COLUMN "token_issued_by_id" UUID;
ALTER TABLE "api_clients" ADD COLUMN "token_requested_at" TIMESTAMPTZ(3);
ALTER TABLE "api_clients" ADD COLUMN "token_requested_by_id" UUID;
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_token_issued_by_id_fkey" FOREIGN KEY ("token_issued_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_token_requested_by_id_fkey" FOREIGN KEY ("token_requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- An issued token has its hash; nobody is issued the token of a client of their own making.
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_issued_with_hash" CHECK ("token_issued_at" IS NULL OR "token_hash" IS NOT NULL);
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_issuer_with_date" CHECK ("token_issued_by_id" IS NULL OR "token_issued_at" IS NOT NULL);
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_issuer_not_creator" CHECK ("token_issued_by_id" IS NULL OR "token_issued_by_id" <> "created_by_id");
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_requester_with_date" CHECK ("token_requested_by_id" IS NULL OR "token_requested_at" IS NOT NULL);

ALTER TABLE "hl7_interfaces" ALTER COLUMN "token_hash" DROP NOT NULL;
ALTER TABLE "hl7_interfaces" ALTER COLUMN "token_hint" DROP NOT NULL;
ALTER TABLE "hl7_interfaces" ADD COLUMN "token_issued_at" TIMESTAMPTZ(3);
ALTER TABLE "hl7_interfaces" ADD COLUMN "token_issued_by_id" UUID;
ALTER TABLE "hl7_interfaces" ADD COLUMN "token_requested_at" TIMESTAMPTZ(3);
ALTER TABLE "hl7_interfaces" ADD COLUMN "token_requested_by_id" UUID;
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_token_issued_by_id_fkey" FOREIGN KEY ("token_issued_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_token_requested_by_id_fkey" FOREIGN KEY ("token_requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_issued_with_hash" CHECK ("token_issued_at" IS NULL OR "token_hash" IS NOT NULL);
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_issuer_with_date" CHECK ("token_issued_by_id" IS NULL OR "token_issued_at" IS NOT NULL);
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_issuer_not_creator" CHECK ("token_issued_by_id" IS NULL OR "token_issued_by_id" <> "created_by_id");
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_requester_with_date" CHECK ("token_requested_by_id" IS NULL OR "token_requested_at" IS NOT NULL);

-- Every token issued before this migration was shown to the administrator who created it, and reads every
-- patient's record or writes results (a negative pregnancy test among them) into charts: it stops working now
-- (token_issued_at stays NULL; its hash stays, so that its attempts are refused as "withdrawn" and named in the
-- audit trail). Each approved client or interface still in service waits under Approvals for a new token, asked
-- for by no one (the migration): a dermatologist issues it and hands it to the system. Those waiting for approval
-- get theirs at approval; revoked ones stay revoked.
UPDATE "api_clients" SET "token_requested_at" = CURRENT_TIMESTAMP
  WHERE "revoked_at" IS NULL AND "approved_at" IS NOT NULL AND "token_issued_at" IS NULL AND "token_requested_at" IS NULL;
UPDATE "hl7_interfaces" SET "token_requested_at" = CURRENT_TIMESTAMP
  WHERE "revoked_at" IS NULL AND "approved_at" IS NOT NULL AND "token_issued_at" IS NULL AND "token_requested_at" IS NULL;

-- Approvals says who asked for each account waiting for its setup link, from the latest of these rows of the
-- account (lib/data/account-approvals.ts); the trail's other rows, by far the most, are not indexed for it.
CREATE INDEX "audit_events_user_requests_idx" ON "audit_events" ("entity_id", "id")
  WHERE "entity_type" = 'User' AND "action" IN ('user.create', 'user.role_change', 'user.password_reset');
