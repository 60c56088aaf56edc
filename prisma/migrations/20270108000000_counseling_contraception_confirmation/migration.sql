-- Each month before a prescription for a patient who can become pregnant, the prescriber confirms with the
-- patient the contraception in use and records it with the counseling (iPLEDGE: the monthly confirmation of
-- the two methods; the EU/UK PPP: effective contraception checked at each monthly visit). A counseling names
-- the contraception record it confirmed. Counseling recorded before now confirmed none: its column stays
-- null, as nothing was confirmed then. The foreign key names the patient with the record, so a counseling
-- can only confirm a record of its own patient.
ALTER TABLE "contraception_records" ADD CONSTRAINT "contraception_records_id_patient_id_key" UNIQUE ("id", "patient_id");

ALTER TABLE "pregnancy_counseling"
  ADD COLUMN "confirmed_contraception_id" UUID,
  ADD CONSTRAINT "pregnancy_counseling_confirmed_contraception_id_patient_id_fkey"
    FOREIGN KEY ("confirmed_contraception_id", "patient_id") REFERENCES "contraception_records"("id", "patient_id")
    ON DELETE RESTRICT ON UPDATE CASCADE;
