-- Pregnancy prevention records: where each pregnancy test was done, contraception, counseling, the
-- dermatologist's decisions on positive tests, the category history, and each prescription's
-- dispensing limit with the test it relied on.
CREATE TYPE "PregnancyTestSetting" AS ENUM ('LAB', 'OFFICE', 'HOME');
CREATE TYPE "ContraceptionMethod" AS ENUM ('TWO_METHODS', 'ABSTINENCE');
CREATE TYPE "PregnancyDecisionOutcome" AS ENUM ('FALSE_POSITIVE', 'PREGNANCY_CONFIRMED');
ALTER TYPE "ConfigKind" ADD VALUE 'PREGNANCY_PREVENTION';

ALTER TABLE "lab_results" ADD COLUMN "pregnancy_test_setting" "PregnancyTestSetting";
-- Results recorded before settings were asked came from the clinic's laboratory interface or forms.
UPDATE "lab_results" SET "pregnancy_test_setting" = 'LAB' WHERE "analyte" = 'HCG';

ALTER TABLE "prescriptions" ADD COLUMN "dispense_by" DATE;
ALTER TABLE "prescriptions" ADD COLUMN "pregnancy_test_id" UUID;
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_pregnancy_test_id_fkey" FOREIGN KEY ("pregnancy_test_id") REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A pregnancy review can exist before any course.
ALTER TABLE "monitoring_items" ALTER COLUMN "course_id" DROP NOT NULL;

CREATE TABLE "contraception_records" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "method" "ContraceptionMethod" NOT NULL,
    "methods" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contraception_records_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "contraception_records_dates_check" CHECK ("end_date" IS NULL OR "end_date" >= "start_date")
);
CREATE INDEX "contraception_records_patient_id_start_date_idx" ON "contraception_records"("patient_id", "start_date");
ALTER TABLE "contraception_records" ADD CONSTRAINT "contraception_records_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "contraception_records" ADD CONSTRAINT "contraception_records_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "pregnancy_counseling" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "counseled_on" DATE NOT NULL,
    "confirmation_number" TEXT,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pregnancy_counseling_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "pregnancy_counseling_patient_id_counseled_on_idx" ON "pregnancy_counseling"("patient_id", "counseled_on");
ALTER TABLE "pregnancy_counseling" ADD CONSTRAINT "pregnancy_counseling_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_counseling" ADD CONSTRAINT "pregnancy_counseling_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "pregnancy_decisions" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "lab_result_id" UUID NOT NULL,
    "outcome" "PregnancyDecisionOutcome" NOT NULL,
    "reason" TEXT NOT NULL,
    "decided_on" DATE NOT NULL,
    "decided_by_id" UUID NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pregnancy_decisions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "pregnancy_decisions_lab_result_id_key" ON "pregnancy_decisions"("lab_result_id");
CREATE INDEX "pregnancy_decisions_patient_id_idx" ON "pregnancy_decisions"("patient_id");
ALTER TABLE "pregnancy_decisions" ADD CONSTRAINT "pregnancy_decisions_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_decisions" ADD CONSTRAINT "pregnancy_decisions_lab_result_id_fkey" FOREIGN KEY ("lab_result_id") REFERENCES "lab_results"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_decisions" ADD CONSTRAINT "pregnancy_decisions_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "pregnancy_category_changes" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "category" "PregnancyCategory" NOT NULL,
    "effective_from" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_by_id" UUID,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pregnancy_category_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "pregnancy_category_changes_patient_id_effective_from_idx" ON "pregnancy_category_changes"("patient_id", "effective_from");
ALTER TABLE "pregnancy_category_changes" ADD CONSTRAINT "pregnancy_category_changes_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_category_changes" ADD CONSTRAINT "pregnancy_category_changes_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every patient's category as recorded so far, in force from birth until a dermatologist changes it.
INSERT INTO "pregnancy_category_changes" ("id", "patient_id", "category", "effective_from", "reason", "changed_by_id", "changed_at")
SELECT gen_random_uuid(), "id", "pregnancy_category", "date_of_birth", 'Recorded at registration', NULL, "created_at" FROM "patients";
