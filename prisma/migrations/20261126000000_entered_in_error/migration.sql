-- Entered in error: a lab result or a weight is never deleted. Voiding keeps the row with who voided it,
-- when and why; a correction is a new row, and the row it replaces names it in replaced_by_id.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['lab_results', 'weight_measurements'] LOOP
    EXECUTE format('ALTER TABLE %I
      ADD COLUMN "voided_at" TIMESTAMPTZ(3),
      ADD COLUMN "voided_by_id" UUID REFERENCES "users"("id"),
      ADD COLUMN "void_reason" TEXT,
      ADD COLUMN "replaced_by_id" UUID REFERENCES %I("id"),
      ADD CONSTRAINT %I CHECK (
        ("voided_at" IS NULL) = ("voided_by_id" IS NULL) AND ("voided_at" IS NULL) = ("void_reason" IS NULL)
        AND ("replaced_by_id" IS NULL OR "voided_at" IS NOT NULL))', t, t, t || '_void_complete');
    EXECUTE format('CREATE UNIQUE INDEX %I ON %I ("replaced_by_id")', t || '_replaced_by_id_key', t);
  END LOOP;
END $$;

-- The dashboard's unreviewed results leave out results entered in error.
DROP INDEX "lab_results_unreviewed_idx";
CREATE INDEX "lab_results_unreviewed_idx" ON "lab_results" ("flag" DESC, "specimen_date" DESC, "id")
  WHERE "acknowledged_at" IS NULL AND "flag" <> 'NORMAL' AND "voided_at" IS NULL;
