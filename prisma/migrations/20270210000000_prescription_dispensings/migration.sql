-- A prescription's dispensed date (its first fill) as recorded: with the prescription when it is written, or later by
-- a dermatologist or a nurse from what the pharmacy says, and each correction of it, with who recorded it, when, why
-- and the warnings confirmed. prescriptions.dispensed_on keeps the current date, written in the same transaction.
-- Append-only: the application role is granted INSERT and SELECT only (lib/migrate.ts).
CREATE TABLE "prescription_dispensings" (
    "id" UUID NOT NULL,
    "prescription_id" UUID NOT NULL,
    "dispensed_on" DATE NOT NULL,
    "supersedes_id" UUID,
    "reason" TEXT,
    "acknowledged_warnings" TEXT[],
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "prescription_dispensings_pkey" PRIMARY KEY ("id"),
    -- A correction says why; the first date recorded needs no reason.
    CONSTRAINT "prescription_dispensings_correction_reason" CHECK ("supersedes_id" IS NULL OR "reason" IS NOT NULL),
    -- The key a correction names its row by, with its prescription.
    CONSTRAINT "prescription_dispensings_id_prescription_id_key" UNIQUE ("id", "prescription_id")
);

CREATE INDEX "prescription_dispensings_prescription_id_idx" ON "prescription_dispensings"("prescription_id");
-- Each row is corrected at most once, and each prescription has one first row: its rows form one chain, whose
-- row corrected by none is the current one.
CREATE UNIQUE INDEX "prescription_dispensings_supersedes_id_key" ON "prescription_dispensings"("supersedes_id");
CREATE UNIQUE INDEX "prescription_dispensings_first_key" ON "prescription_dispensings"("prescription_id") WHERE "supersedes_id" IS NULL;

ALTER TABLE "prescription_dispensings" ADD CONSTRAINT "prescription_dispensings_prescription_id_fkey" FOREIGN KEY ("prescription_id") REFERENCES "prescriptions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- A correction corrects a row of its own prescription.
ALTER TABLE "prescription_dispensings" ADD CONSTRAINT "prescription_dispensings_supersedes_id_fkey" FOREIGN KEY ("supersedes_id", "prescription_id") REFERENCES "prescription_dispensings"("id", "prescription_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "prescription_dispensings" ADD CONSTRAINT "prescription_dispensings_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The dispensed dates recorded before: each one, given with the prescription's form, becomes its first row, recorded
-- by its prescriber when it was written. A prescription that has a row already is left as it is.
INSERT INTO "prescription_dispensings" ("id", "prescription_id", "dispensed_on", "acknowledged_warnings", "recorded_by_id", "recorded_at")
SELECT gen_random_uuid(), p."id", p."dispensed_on", '{}', p."prescriber_id", p."created_at"
FROM "prescriptions" p
WHERE p."dispensed_on" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "prescription_dispensings" d WHERE d."prescription_id" = p."id");
