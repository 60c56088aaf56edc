-- Entered in error, for the pregnancy-prevention records: a contraception record or a counseling is never
-- deleted. Voiding keeps the row with who voided it, when and why; the prescribing check, the pregnancy
-- status and the monitoring items leave voided rows out.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contraception_records', 'pregnancy_counseling'] LOOP
    EXECUTE format('ALTER TABLE %I
      ADD COLUMN "voided_at" TIMESTAMPTZ(3),
      ADD COLUMN "voided_by_id" UUID REFERENCES "users"("id"),
      ADD COLUMN "void_reason" TEXT,
      ADD CONSTRAINT %I CHECK (("voided_at" IS NULL) = ("voided_by_id" IS NULL) AND ("voided_at" IS NULL) = ("void_reason" IS NULL))',
      t, t || '_void_complete');
  END LOOP;
END $$;
