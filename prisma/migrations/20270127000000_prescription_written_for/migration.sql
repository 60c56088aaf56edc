-- A prescription records, when it is written, the regimen version it was written for (the one in force on its start
-- date once its write, with any version it sets, is applied), whether it set that version itself, and the day the
-- version's pattern counts from on its start date. What it dispenses reads them, never the course's versions as they
-- stand later. Rows written before are filled in by 20270128000000_prescription_written_for_backfill.
ALTER TABLE "prescriptions"
  ADD COLUMN "written_for_id" UUID,
  ADD COLUMN "sets_regimen" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "pattern_anchor" DATE;

ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_written_for_id_fkey" FOREIGN KEY ("written_for_id") REFERENCES "dose_changes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
