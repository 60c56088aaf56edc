-- A regimen written as a range ("40 mg every 2-4 days", "5-10 mg 1-3 times a week") is recorded as prescribed:
-- the planned dose and interval in the existing columns, and the bounds here. The cumulative dose is shown as
-- a band from the least to the most the range allows.
ALTER TABLE "dose_changes"
  ADD COLUMN "mg_per_intake_min" INTEGER,
  ADD COLUMN "mg_per_intake_max" INTEGER,
  ADD COLUMN "range_n_min" INTEGER,
  ADD COLUMN "range_n_max" INTEGER,
  ADD CONSTRAINT "dose_changes_range_ordered" CHECK (
    ("mg_per_intake_min" IS NULL OR ("mg_per_intake_min" > 0 AND "mg_per_intake_min" <= "mg_per_intake"))
    AND ("mg_per_intake_max" IS NULL OR "mg_per_intake_max" >= "mg_per_intake")
    AND ("range_n_min" IS NULL OR "range_n_min" > 0)
    AND ("range_n_min" IS NULL OR "range_n_max" IS NULL OR "range_n_min" <= "range_n_max"));
