-- Two-person rule for system tokens: an API client or a lab interface that an administrator creates works only
-- once a dermatologist, another person than its creator, has approved it (lib/data/token-approvals.ts).
-- approved_by_id is NULL on the rows this migration approves: the tokens already in service when the rule came
-- in stay in service, recorded as approved at the migration by no one.
ALTER TABLE "api_clients" ADD COLUMN "approved_at" TIMESTAMPTZ(3);
ALTER TABLE "api_clients" ADD COLUMN "approved_by_id" UUID;
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_approver_with_date" CHECK ("approved_by_id" IS NULL OR "approved_at" IS NOT NULL);
-- Nobody approves a token of their own making.
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_approver_not_creator" CHECK ("approved_by_id" IS NULL OR "approved_by_id" <> "created_by_id");
UPDATE "api_clients" SET "approved_at" = CURRENT_TIMESTAMP;

ALTER TABLE "hl7_interfaces" ADD COLUMN "approved_at" TIMESTAMPTZ(3);
ALTER TABLE "hl7_interfaces" ADD COLUMN "approved_by_id" UUID;
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_approver_with_date" CHECK ("approved_by_id" IS NULL OR "approved_at" IS NOT NULL);
ALTER TABLE "hl7_interfaces" ADD CONSTRAINT "hl7_interfaces_approver_not_creator" CHECK ("approved_by_id" IS NULL OR "approved_by_id" <> "created_by_id");
UPDATE "hl7_interfaces" SET "approved_at" = CURRENT_TIMESTAMP;
