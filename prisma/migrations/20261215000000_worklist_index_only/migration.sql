-- The dashboard's and the worklist's counts read their partial indexes only (no table rows):
-- an unreviewed result that duplicates another is counted once, so the index leaves duplicates out
-- like the queries do; the open items' index carries the patient, which the patient worklist groups by.
DROP INDEX "lab_results_unreviewed_idx";
CREATE INDEX "lab_results_unreviewed_idx" ON "lab_results" ("flag" DESC, "specimen_date" DESC, "id")
  WHERE "acknowledged_at" IS NULL AND "flag" <> 'NORMAL' AND "voided_at" IS NULL AND "duplicate_of_id" IS NULL;

DROP INDEX "monitoring_items_open_from_idx";
CREATE INDEX "monitoring_items_open_from_idx" ON "monitoring_items" (("due_date" - "due_soon_days"))
  INCLUDE ("patient_id", "due_date", "due_soon_days", "overdue_after_days", "kind")
  WHERE NOT "waived" AND "completed_on" IS NULL;
