-- The follow-up after a confirmed pregnancy: a dermatologist records the referral to an obstetrician and,
-- under iPLEDGE, the report to the REMS program, each on the day it was done. Nothing is deleted: a record
-- entered in error is voided with who, when and why, and its follow-up item opens again.
CREATE TYPE "PregnancyFollowUpKind" AS ENUM ('OBSTETRIC_REFERRAL', 'REMS_REPORT');

CREATE TABLE "pregnancy_follow_ups" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "kind" "PregnancyFollowUpKind" NOT NULL,
    "done_on" DATE NOT NULL,
    "note" TEXT,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voided_at" TIMESTAMPTZ(3),
    "voided_by_id" UUID,
    "void_reason" TEXT,
    CONSTRAINT "pregnancy_follow_ups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pregnancy_follow_ups_void_complete" CHECK (("voided_at" IS NULL) = ("voided_by_id" IS NULL) AND ("voided_at" IS NULL) = ("void_reason" IS NULL))
);
CREATE INDEX "pregnancy_follow_ups_patient_id_idx" ON "pregnancy_follow_ups"("patient_id");
CREATE INDEX "pregnancy_follow_ups_decision_id_idx" ON "pregnancy_follow_ups"("decision_id");
-- One current record of each follow-up per decision; a voided one may be recorded again.
CREATE UNIQUE INDEX "pregnancy_follow_ups_current_key" ON "pregnancy_follow_ups"("decision_id", "kind") WHERE "voided_at" IS NULL;
ALTER TABLE "pregnancy_follow_ups" ADD CONSTRAINT "pregnancy_follow_ups_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_follow_ups" ADD CONSTRAINT "pregnancy_follow_ups_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "pregnancy_decisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_follow_ups" ADD CONSTRAINT "pregnancy_follow_ups_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "pregnancy_follow_ups" ADD CONSTRAINT "pregnancy_follow_ups_voided_by_id_fkey" FOREIGN KEY ("voided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
