-- An MRN names one patient whatever its case: the laboratory interface and the search already matched it
-- without regard to case, while registration, edits and file imports compared it exactly, so "ab-12" could
-- be registered beside "AB-12" and a file's "ab-12" matched no one. The search's index on lower(mrn)
-- becomes unique. A database holding two patients whose MRNs differ only in case stops here, naming them
-- by id: one of the two MRNs must be corrected on its patient's page before the upgrade can proceed.
DO $$
DECLARE
  clash text;
BEGIN
  SELECT string_agg(ids, '; ') INTO clash FROM (
    SELECT string_agg(id::text, ', ' ORDER BY id) AS ids FROM "patients" GROUP BY lower("mrn") HAVING count(*) > 1
  ) AS clashes;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'Patients whose MRNs differ only in case (correct one MRN of each group, then migrate again): %', clash;
  END IF;
END $$;

DROP INDEX "patients_mrn_lower_idx";
CREATE UNIQUE INDEX "patients_mrn_lower_key" ON "patients" (lower("mrn"));
