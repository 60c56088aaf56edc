-- Labs as clinics receive them: units (value as entered beside the canonical one), the lab's own range and
-- flag, deliberate duplicates, the review note, clinic-added tests' action levels, and HL7 v2 import.
CREATE TYPE "ReviewAction" AS ENUM ('REPEAT_TEST', 'DOSE_REDUCED', 'REFERRED', 'OTHER');
CREATE TYPE "Hl7QueueReason" AS ENUM ('UNMATCHED', 'AMBIGUOUS', 'DOB_MISMATCH', 'IMPLAUSIBLE', 'UNKNOWN_TEST', 'UNKNOWN_UNIT');
CREATE TYPE "Hl7QueueStatus" AS ENUM ('PENDING', 'ATTACHED', 'REJECTED');

ALTER TABLE "lab_tests"
  ADD COLUMN "action_high" DECIMAL(12,3),
  ADD COLUMN "critical_high" DECIMAL(12,3);

CREATE TABLE "hl7_interfaces" (
  "id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "token_hint" TEXT NOT NULL,
  "created_by_id" UUID NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  "revoked_by_id" UUID REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "hl7_interfaces_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "hl7_interfaces_token_hash_key" ON "hl7_interfaces"("token_hash");

CREATE TABLE "hl7_messages" (
  "id" UUID NOT NULL,
  "sending_application" TEXT NOT NULL,
  "sending_facility" TEXT NOT NULL,
  "control_id" TEXT NOT NULL,
  "version" TEXT NOT NULL,
  "raw" TEXT NOT NULL,
  "interface_id" UUID REFERENCES "hl7_interfaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "uploaded_by_id" UUID REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "hl7_messages_pkey" PRIMARY KEY ("id"),
  -- Every message came from somewhere: an interface or a person's upload.
  CONSTRAINT "hl7_messages_origin" CHECK (("interface_id" IS NULL) <> ("uploaded_by_id" IS NULL))
);
CREATE UNIQUE INDEX "hl7_messages_sender_control_id_key"
  ON "hl7_messages"("sending_application", "sending_facility", "control_id");

ALTER TABLE "lab_results"
  ADD COLUMN "entered_value" DECIMAL(12,3),
  ADD COLUMN "entered_unit" TEXT,
  ADD COLUMN "ref_high_defaulted" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "lab_range" TEXT,
  ADD COLUMN "lab_flag" TEXT,
  ADD COLUMN "hl7_message_id" UUID REFERENCES "hl7_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD COLUMN "duplicate_of_id" UUID REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD COLUMN "review_action" "ReviewAction",
  ADD COLUMN "review_note" TEXT,
  ALTER COLUMN "entered_by_id" DROP NOT NULL,
  -- A result is entered by a person or arrives in a message.
  ADD CONSTRAINT "lab_results_origin" CHECK ("entered_by_id" IS NOT NULL OR "hl7_message_id" IS NOT NULL),
  ADD CONSTRAINT "lab_results_review_note" CHECK ("review_action" IS NULL OR "acknowledged_at" IS NOT NULL),
  ADD CONSTRAINT "lab_results_review_other" CHECK ("review_action" IS DISTINCT FROM 'OTHER' OR "review_note" IS NOT NULL);

CREATE TABLE "hl7_queue_entries" (
  "id" UUID NOT NULL,
  "message_id" UUID NOT NULL REFERENCES "hl7_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "reason" "Hl7QueueReason" NOT NULL,
  "detail" TEXT NOT NULL,
  "mrn" TEXT NOT NULL,
  "birth_date" TEXT NOT NULL,
  "patient_name" TEXT NOT NULL,
  "observation" JSONB NOT NULL,
  "status" "Hl7QueueStatus" NOT NULL DEFAULT 'PENDING',
  "resolved_by_id" UUID REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "resolved_at" TIMESTAMPTZ(3),
  "resolution_note" TEXT,
  "lab_result_id" UUID REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "hl7_queue_entries_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "hl7_queue_entries_resolved" CHECK (("status" = 'PENDING') = ("resolved_at" IS NULL) AND ("status" = 'ATTACHED') = ("lab_result_id" IS NOT NULL))
);
CREATE UNIQUE INDEX "hl7_queue_entries_lab_result_id_key" ON "hl7_queue_entries"("lab_result_id");
CREATE INDEX "hl7_queue_entries_status_created_at_idx" ON "hl7_queue_entries"("status", "created_at");
