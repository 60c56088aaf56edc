-- A "two methods" contraception record names its two methods from a list (the forms iPLEDGE lists as
-- effective birth control), two different ones, instead of free text that could name one. The readable
-- names stay in "methods", so every reader of that text is unchanged. Records made before keep their
-- text as typed and both columns null: history is not rewritten, and they count as they did.
CREATE TYPE "ContraceptionForm" AS ENUM (
  'TUBAL_STERILIZATION',
  'PARTNER_VASECTOMY',
  'IUD',
  'HORMONAL_IMPLANT',
  'HORMONAL_INJECTION',
  'COMBINED_PILL',
  'HORMONAL_PATCH',
  'VAGINAL_RING',
  'MALE_CONDOM',
  'DIAPHRAGM',
  'CERVICAL_CAP',
  'VAGINAL_SPONGE'
);

ALTER TABLE "contraception_records"
  ADD COLUMN "first_method" "ContraceptionForm",
  ADD COLUMN "second_method" "ContraceptionForm",
  ADD CONSTRAINT "contraception_records_two_methods_check" CHECK (
    ("first_method" IS NULL AND "second_method" IS NULL)
    OR ("method" = 'TWO_METHODS' AND "first_method" IS NOT NULL AND "second_method" IS NOT NULL AND "first_method" <> "second_method")
  );
