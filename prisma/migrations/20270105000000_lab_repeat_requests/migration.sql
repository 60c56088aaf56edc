-- A repeat test a dermatologist asks for when reviewing an abnormal result ("Repeat test"): due on its date,
-- listed as a monitoring item until a later result of the same analyte completes it or it is waived. Never
-- deleted: while the reviewed result is voided the request lists nothing; a copy of the result that takes
-- a voided record's place takes its requests with it (promoteCopies, lib/data/save-lab-rows.ts).
CREATE TABLE "lab_repeat_requests" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "lab_result_id" UUID NOT NULL,
    "due_date" DATE NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "lab_repeat_requests_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "lab_repeat_requests_patient_id_idx" ON "lab_repeat_requests"("patient_id");
CREATE INDEX "lab_repeat_requests_lab_result_id_idx" ON "lab_repeat_requests"("lab_result_id");

ALTER TABLE "lab_repeat_requests" ADD CONSTRAINT "lab_repeat_requests_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_repeat_requests" ADD CONSTRAINT "lab_repeat_requests_lab_result_id_fkey" FOREIGN KEY ("lab_result_id") REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_repeat_requests" ADD CONSTRAINT "lab_repeat_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
