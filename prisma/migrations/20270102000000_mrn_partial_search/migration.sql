-- Partial MRN search (lib/data/patients.ts mrnMatchSql): a term with a digit finds the MRNs that start or
-- end with it, in any case ("10021" finds MRN-10021). An ending is the start of the reversed MRN, so both
-- are ranges of a b-tree with text_pattern_ops (which LIKE 'x%' uses whatever the database's collation;
-- the unique index on lower(mrn) serves equality only outside the C collation).
CREATE INDEX "patients_mrn_prefix_idx" ON "patients" (lower("mrn") text_pattern_ops);
CREATE INDEX "patients_mrn_suffix_idx" ON "patients" (reverse(lower("mrn")) text_pattern_ops);
