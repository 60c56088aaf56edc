-- HL7 result statuses (OBX-11). A laboratory's corrected result (C) voids the result it replaces: the
-- lab interface that sent it is recorded as who voided it (it is not a user). Retracted (W, D),
-- preliminary (P) and other results that are not final wait in the review queue, with the patient the
-- message matched, if any.
ALTER TYPE "Hl7QueueReason" ADD VALUE 'CORRECTION';
ALTER TYPE "Hl7QueueReason" ADD VALUE 'RETRACTED';
ALTER TYPE "Hl7QueueReason" ADD VALUE 'PRELIMINARY';
ALTER TYPE "Hl7QueueReason" ADD VALUE 'NOT_FINAL';

ALTER TABLE "hl7_queue_entries" ADD COLUMN "patient_id" UUID REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "lab_results"
  ADD COLUMN "voided_by_interface_id" UUID REFERENCES "hl7_interfaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  DROP CONSTRAINT "lab_results_void_complete",
  ADD CONSTRAINT "lab_results_void_complete" CHECK (
    ("voided_at" IS NULL) = ("voided_by_id" IS NULL AND "voided_by_interface_id" IS NULL)
    AND ("voided_by_id" IS NULL OR "voided_by_interface_id" IS NULL)
    AND ("voided_at" IS NULL) = ("void_reason" IS NULL)
    AND ("replaced_by_id" IS NULL OR "voided_at" IS NOT NULL));
