-- An open repeat test that stopped being listed because its result was corrected to a normal value or voided by
-- someone other than a dermatologist (the laboratory's interface, an upload or the queue, a nurse by hand): shown
-- to dermatologists until one acknowledges it. At most one per request; never deleted.
CREATE TYPE "RepeatNoticeCause" AS ENUM ('LAB_CORRECTION', 'CORRECTION', 'VOID');

CREATE TABLE "lab_repeat_notices" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "cause" "RepeatNoticeCause" NOT NULL,
    "correction_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" UUID,
    CONSTRAINT "lab_repeat_notices_pkey" PRIMARY KEY ("id"),
    -- A correction names the correction; a void names none. Acknowledged means by whom and when.
    CONSTRAINT "lab_repeat_notices_correction_check" CHECK (("cause" = 'VOID') = ("correction_id" IS NULL)),
    CONSTRAINT "lab_repeat_notices_acknowledged_check" CHECK (("acknowledged_at" IS NULL) = ("acknowledged_by_id" IS NULL))
);

CREATE UNIQUE INDEX "lab_repeat_notices_request_id_key" ON "lab_repeat_notices"("request_id");
CREATE INDEX "lab_repeat_notices_patient_id_idx" ON "lab_repeat_notices"("patient_id");
-- The dashboard's read: the notices no dermatologist has acknowledged yet, oldest first.
CREATE INDEX "lab_repeat_notices_open_idx" ON "lab_repeat_notices"("created_at", "id") WHERE "acknowledged_at" IS NULL;

ALTER TABLE "lab_repeat_notices" ADD CONSTRAINT "lab_repeat_notices_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "lab_repeat_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_repeat_notices" ADD CONSTRAINT "lab_repeat_notices_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_repeat_notices" ADD CONSTRAINT "lab_repeat_notices_correction_id_fkey" FOREIGN KEY ("correction_id") REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_repeat_notices" ADD CONSTRAINT "lab_repeat_notices_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
