-- CreateEnum
CREATE TYPE "Role" AS ENUM ('DERMATOLOGIST', 'NURSE', 'STAFF', 'ADMIN');
CREATE TYPE "SexAtBirth" AS ENUM ('FEMALE', 'MALE', 'INTERSEX', 'UNKNOWN');
CREATE TYPE "PregnancyCategory" AS ENUM ('CAN_BECOME_PREGNANT', 'CANNOT_BECOME_PREGNANT');
CREATE TYPE "Indication" AS ENUM ('ACNE_NODULAR', 'ACNE_MODERATE_RECALCITRANT', 'ACNE_SCARRING', 'ROSACEA', 'OTHER');
CREATE TYPE "RegimenIntent" AS ENUM ('STANDARD', 'ESCALATING', 'LOW_DOSE', 'ALTERNATE_DAY', 'MICRO_DOSE', 'MAINTENANCE', 'PULSE');
CREATE TYPE "CourseStatus" AS ENUM ('ACTIVE', 'PAUSED', 'COMPLETED', 'STOPPED');
CREATE TYPE "DosePattern" AS ENUM ('DAILY', 'EVERY_N_DAYS', 'WEEKDAYS', 'TIMES_PER_WEEK', 'CYCLE');
CREATE TYPE "LabValueKind" AS ENUM ('QUANTITATIVE', 'QUALITATIVE');
CREATE TYPE "QualitativeResult" AS ENUM ('NEGATIVE', 'POSITIVE', 'INDETERMINATE');
CREATE TYPE "LabFlag" AS ENUM ('NORMAL', 'LOW', 'HIGH', 'ACTION', 'CRITICAL');
CREATE TYPE "ConfigKind" AS ENUM ('MONITORING_PROTOCOL', 'LAB_THRESHOLDS', 'DOSING');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "patients" (
    "id" UUID NOT NULL,
    "mrn" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "sex_at_birth" "SexAtBirth" NOT NULL,
    "pregnancy_category" "PregnancyCategory" NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "indication" "Indication" NOT NULL,
    "primary_clinician_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "patients_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "weight_measurements" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "measured_on" DATE NOT NULL,
    "weight_grams" INTEGER NOT NULL,
    "entered_by_id" UUID NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "weight_measurements_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "courses" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "dermatologist_id" UUID NOT NULL,
    "indication" "Indication" NOT NULL,
    "regimen_intent" "RegimenIntent" NOT NULL,
    "status" "CourseStatus" NOT NULL DEFAULT 'ACTIVE',
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "end_reason" TEXT,
    "target_mg_per_kg" INTEGER NOT NULL DEFAULT 120,
    "start_weight_grams" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "courses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "prescriptions" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "prescriber_id" UUID NOT NULL,
    "product" TEXT NOT NULL,
    "capsule_strength_mg" INTEGER NOT NULL,
    "written_on" DATE NOT NULL,
    "start_date" DATE NOT NULL,
    "days_supply" INTEGER NOT NULL,
    "refills" INTEGER NOT NULL DEFAULT 0,
    "acknowledged_warnings" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "prescriptions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "dose_changes" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "prescription_id" UUID,
    "effective_from" DATE NOT NULL,
    "mg_per_intake" INTEGER NOT NULL,
    "intakes_per_day" INTEGER NOT NULL DEFAULT 1,
    "pattern" "DosePattern" NOT NULL,
    "every_n_days" INTEGER,
    "weekdays" INTEGER[],
    "times_per_week" INTEGER,
    "cycle_on_days" INTEGER,
    "cycle_off_days" INTEGER,
    "reason" TEXT NOT NULL,
    "supersedes_id" UUID,
    "acknowledged_warnings" TEXT[],
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dose_changes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "course_pauses" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "start_date" DATE NOT NULL,
    "resume_date" DATE,
    "reason" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "course_pauses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "missed_doses" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "note" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "missed_doses_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "lab_tests" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "code_system" TEXT NOT NULL DEFAULT 'http://loinc.org',
    "name" TEXT NOT NULL,
    "analyte" TEXT NOT NULL,
    "kind" "LabValueKind" NOT NULL,
    "unit" TEXT,
    "ref_low" DECIMAL(12,3),
    "ref_high" DECIMAL(12,3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 100,
    CONSTRAINT "lab_tests_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "lab_results" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "lab_test_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "code_system" TEXT NOT NULL,
    "analyte" TEXT NOT NULL,
    "specimen_date" DATE NOT NULL,
    "value_numeric" DECIMAL(12,3),
    "value_qualitative" "QualitativeResult",
    "unit" TEXT,
    "ref_low" DECIMAL(12,3),
    "ref_high" DECIMAL(12,3),
    "flag" "LabFlag" NOT NULL,
    "flag_reason" TEXT,
    "submission_id" UUID NOT NULL,
    "entered_by_id" UUID NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_by_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    CONSTRAINT "lab_results_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "clinic_configs" (
    "id" UUID NOT NULL,
    "kind" "ConfigKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "config" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clinic_configs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "monitoring_waivers" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "course_id" UUID,
    "item_key" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "waived_by_id" UUID NOT NULL,
    "waived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "monitoring_waivers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "outreach_notes" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "item_key" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outreach_notes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_role" "Role",
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "patient_id" UUID,
    "changes" JSONB,
    "prev_hash" TEXT,
    "hash" TEXT,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "login_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),
    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "patients_mrn_key" ON "patients"("mrn");
CREATE INDEX "patients_last_name_first_name_idx" ON "patients"("last_name", "first_name");
CREATE INDEX "patients_date_of_birth_idx" ON "patients"("date_of_birth");
CREATE INDEX "weight_measurements_patient_id_measured_on_idx" ON "weight_measurements"("patient_id", "measured_on");
CREATE INDEX "courses_patient_id_start_date_idx" ON "courses"("patient_id", "start_date");
CREATE INDEX "courses_status_idx" ON "courses"("status");
CREATE INDEX "prescriptions_course_id_start_date_idx" ON "prescriptions"("course_id", "start_date");
CREATE UNIQUE INDEX "dose_changes_supersedes_id_key" ON "dose_changes"("supersedes_id");
CREATE INDEX "dose_changes_course_id_effective_from_idx" ON "dose_changes"("course_id", "effective_from");
CREATE INDEX "course_pauses_course_id_idx" ON "course_pauses"("course_id");
CREATE UNIQUE INDEX "missed_doses_course_id_date_key" ON "missed_doses"("course_id", "date");
CREATE UNIQUE INDEX "lab_tests_code_system_code_key" ON "lab_tests"("code_system", "code");
CREATE UNIQUE INDEX "lab_results_submission_id_lab_test_id_key" ON "lab_results"("submission_id", "lab_test_id");
CREATE INDEX "lab_results_patient_id_analyte_specimen_date_idx" ON "lab_results"("patient_id", "analyte", "specimen_date");
CREATE INDEX "lab_results_flag_acknowledged_at_idx" ON "lab_results"("flag", "acknowledged_at");
CREATE UNIQUE INDEX "clinic_configs_kind_version_key" ON "clinic_configs"("kind", "version");
CREATE UNIQUE INDEX "monitoring_waivers_patient_id_item_key_key" ON "monitoring_waivers"("patient_id", "item_key");
CREATE INDEX "outreach_notes_patient_id_item_key_idx" ON "outreach_notes"("patient_id", "item_key");
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");
CREATE INDEX "audit_events_patient_id_occurred_at_idx" ON "audit_events"("patient_id", "occurred_at");
CREATE INDEX "audit_events_actor_id_occurred_at_idx" ON "audit_events"("actor_id", "occurred_at");

-- AddForeignKey
ALTER TABLE "patients" ADD CONSTRAINT "patients_primary_clinician_id_fkey" FOREIGN KEY ("primary_clinician_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "weight_measurements" ADD CONSTRAINT "weight_measurements_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "weight_measurements" ADD CONSTRAINT "weight_measurements_entered_by_id_fkey" FOREIGN KEY ("entered_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "courses" ADD CONSTRAINT "courses_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "courses" ADD CONSTRAINT "courses_dermatologist_id_fkey" FOREIGN KEY ("dermatologist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_prescriber_id_fkey" FOREIGN KEY ("prescriber_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "dose_changes" ADD CONSTRAINT "dose_changes_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "dose_changes" ADD CONSTRAINT "dose_changes_prescription_id_fkey" FOREIGN KEY ("prescription_id") REFERENCES "prescriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "dose_changes" ADD CONSTRAINT "dose_changes_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "dose_changes"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "dose_changes" ADD CONSTRAINT "dose_changes_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "course_pauses" ADD CONSTRAINT "course_pauses_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "course_pauses" ADD CONSTRAINT "course_pauses_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "missed_doses" ADD CONSTRAINT "missed_doses_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "missed_doses" ADD CONSTRAINT "missed_doses_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_lab_test_id_fkey" FOREIGN KEY ("lab_test_id") REFERENCES "lab_tests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_entered_by_id_fkey" FOREIGN KEY ("entered_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "lab_results" ADD CONSTRAINT "lab_results_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "clinic_configs" ADD CONSTRAINT "clinic_configs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "monitoring_waivers" ADD CONSTRAINT "monitoring_waivers_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "monitoring_waivers" ADD CONSTRAINT "monitoring_waivers_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "monitoring_waivers" ADD CONSTRAINT "monitoring_waivers_waived_by_id_fkey" FOREIGN KEY ("waived_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outreach_notes" ADD CONSTRAINT "outreach_notes_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outreach_notes" ADD CONSTRAINT "outreach_notes_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Audit trail: append-only, hash-chained. Each insert takes a transaction-scoped advisory lock so
-- that the chain stays linear under concurrent writers; UPDATE, DELETE and TRUNCATE are refused.
-- The application's own database role should also be granted only INSERT and SELECT on this table
-- (see README, "Audit trail").
CREATE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
  last_hash TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(727274);
  -- The id is drawn under the lock (the column default ran before it), so id order is chain order even
  -- when transactions insert concurrently; the lock is held to commit, so ids also follow commit order.
  NEW."id" := nextval(pg_get_serial_sequence('"audit_events"', 'id'));
  SELECT "hash" INTO last_hash FROM "audit_events" ORDER BY "id" DESC LIMIT 1;
  NEW."prev_hash" := COALESCE(last_hash, '');
  NEW."hash" := encode(sha256(convert_to(
    NEW."prev_hash" || '|' || NEW."id"::text || '|' || to_char(NEW."occurred_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' ||
    COALESCE(NEW."actor_id"::text, '') || '|' || COALESCE(NEW."actor_role"::text, '') || '|' || NEW."action" || '|' ||
    NEW."entity_type" || '|' || COALESCE(NEW."entity_id", '') || '|' || COALESCE(NEW."patient_id"::text, '') || '|' ||
    COALESCE(NEW."changes"::text, ''), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE FUNCTION audit_events_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_immutable();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_immutable();
