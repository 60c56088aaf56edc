-- A queued laboratory result that is a pregnancy test by its code or its name (isPregnancyTestObservation in
-- lib/hl7/interpret.ts), and the patient whose prescribing it stops while it waits: the patient the message
-- matched, or, when only the date of birth differed, the one patient with the message's MRN.
ALTER TABLE "hl7_queue_entries" ADD COLUMN "pregnancy_test" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "hl7_queue_entries" ADD COLUMN "holds_patient_id" UUID REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

UPDATE "hl7_queue_entries" q SET "pregnancy_test" = true
WHERE q."observation"->>'code' IN (SELECT t."code" FROM "lab_tests" t WHERE t."analyte" = 'HCG')
   OR q."observation"->>'code' IN ('2106-3', '2118-8', '19080-1', '21198-7', '2119-6')
   OR q."observation"->>'codeText' ~* 'hcg|chorionic\s*gonadotropin|choriogonadotropin|pregnan(cy|t)|preg\.?\s*test';

-- Matched, or (whatever the reason it waits) not matched because the one patient with its MRN has another
-- date of birth.
UPDATE "hl7_queue_entries" q SET "holds_patient_id" = COALESCE(q."patient_id", (
  SELECT min(p."id"::text)::uuid FROM "patients" p
  WHERE lower(p."mrn") = lower(q."mrn")
  HAVING count(*) = 1 AND min(p."date_of_birth"::text) <> q."birth_date"))
WHERE q."pregnancy_test";

-- The pregnancy history reads the pending holds by patient (replacing the index by matched patient).
DROP INDEX "hl7_queue_entries_pending_patient_idx";
CREATE INDEX "hl7_queue_entries_pending_hold_idx" ON "hl7_queue_entries" ("holds_patient_id") WHERE "status" = 'PENDING';
