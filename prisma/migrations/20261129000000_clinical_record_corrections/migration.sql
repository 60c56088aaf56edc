-- Entered in error for every clinical entry of a course: a dose version, a prescription, a pause, a missed
-- dose, a waiver and an outreach note are never deleted. Voiding keeps the row with who voided it, when and
-- why; every figure derived from them leaves voided rows out.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dose_changes', 'prescriptions', 'course_pauses', 'missed_doses', 'monitoring_waivers', 'outreach_notes'] LOOP
    EXECUTE format('ALTER TABLE %I
      ADD COLUMN "voided_at" TIMESTAMPTZ(3),
      ADD COLUMN "voided_by_id" UUID REFERENCES "users"("id"),
      ADD COLUMN "void_reason" TEXT,
      ADD CONSTRAINT %I CHECK (("voided_at" IS NULL) = ("voided_by_id" IS NULL) AND ("voided_at" IS NULL) = ("void_reason" IS NULL))',
      t, t || '_void_complete');
  END LOOP;
END $$;

-- A voided missed dose or waiver may be entered again: uniqueness holds among the current rows only.
DROP INDEX "missed_doses_course_id_date_key";
CREATE UNIQUE INDEX "missed_doses_current_key" ON "missed_doses" ("course_id", "date") WHERE "voided_at" IS NULL;
DROP INDEX "monitoring_waivers_patient_id_item_key_key";
CREATE UNIQUE INDEX "monitoring_waivers_current_key" ON "monitoring_waivers" ("patient_id", "item_key") WHERE "voided_at" IS NULL;

-- A course history entered from paper records: a finished course with its regimen periods, or only its
-- total when that is all the record gives (recorded_total_mg, with the weight used as start weight).
ALTER TABLE "courses"
  ADD COLUMN "paper_record" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "recorded_total_mg" INTEGER,
  ADD CONSTRAINT "courses_paper_record_complete" CHECK (
    ("recorded_total_mg" IS NULL OR ("paper_record" AND "recorded_total_mg" > 0))
    AND (NOT "paper_record" OR "end_date" IS NOT NULL)),
  ADD CONSTRAINT "courses_dates_ordered" CHECK ("end_date" IS NULL OR "end_date" >= "start_date");

-- Courses of one patient never overlap (an open course runs to infinity). The write paths check first and
-- name the overlapping course; this is the guard behind them.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "courses" ADD CONSTRAINT "courses_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, daterange("start_date", "end_date", '[]') WITH &&);

-- A completed or stopped course reopened by a dermatologist: the ending it undid stays here, with the reason.
CREATE TABLE "course_reopenings" (
  "id" UUID NOT NULL,
  "course_id" UUID NOT NULL REFERENCES "courses"("id"),
  "previous_status" "CourseStatus" NOT NULL,
  "previous_end_date" DATE NOT NULL,
  "previous_end_reason" TEXT,
  "reason" TEXT NOT NULL,
  "reopened_by_id" UUID NOT NULL REFERENCES "users"("id"),
  "reopened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "course_reopenings_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "course_reopenings_course_id_idx" ON "course_reopenings" ("course_id");

-- The day the pharmacy dispensed a prescription, when known: supply counts from it (else from the start date).
ALTER TABLE "prescriptions" ADD COLUMN "dispensed_on" DATE;
