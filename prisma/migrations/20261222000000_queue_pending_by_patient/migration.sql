-- A patient's pregnancy-prevention history reads the laboratory results waiting in the queue for that
-- patient (a pregnancy test result there stops prescribing until a dermatologist reviews it): by patient,
-- pending entries only, for one patient or a daily pass over all of them.
CREATE INDEX "hl7_queue_entries_pending_patient_idx" ON "hl7_queue_entries" ("patient_id") WHERE "status" = 'PENDING';
