-- The prescriptions written before they recorded the regimen version they were written for
-- (20270127000000_prescription_written_for): the version is worked out from the rows as they stood when each was
-- written. A row already filled in is left as it is, so running this again changes nothing.

-- 1. The version a prescription set: the course's next version created with or after it (a course's writes wait on
-- the patient's lock, so none comes between), linked to it, effective on its start date, not a correction, and
-- either the course's first (a course start), or confirmed as the prescription's change of regimen
-- (PRESCRIPTION_CHANGES_REGIMEN), which no dose change asks, or, for a prescription written before that
-- confirmation existed, started with it: the reason "New prescription" and the prescription's own audit row
-- ("prescription.create") recording that it changed the regimen. A dose change made later is linked to the latest
-- prescription too (the one it is based on): it is not taken for a version the prescription set.
UPDATE "prescriptions" p
SET "written_for_id" = n."id", "sets_regimen" = true
FROM (
  SELECT DISTINCT ON (p2."id") p2."id" AS "prescription_id", d."id", d."prescription_id" AS "linked", d."effective_from", d."supersedes_id",
    d."acknowledged_warnings", d."reason", p2."start_date", c."patient_id",
    NOT EXISTS (SELECT 1 FROM "dose_changes" e WHERE e."course_id" = p2."course_id" AND e."created_at" < p2."created_at") AS "course_start"
  FROM "prescriptions" p2
  JOIN "courses" c ON c."id" = p2."course_id"
  JOIN "dose_changes" d ON d."course_id" = p2."course_id" AND d."created_at" >= p2."created_at"
  WHERE p2."written_for_id" IS NULL
  ORDER BY p2."id", d."created_at", d."id"
) n
WHERE p."id" = n."prescription_id"
  AND n."linked" = p."id"
  AND n."effective_from" = n."start_date"
  AND n."supersedes_id" IS NULL
  AND (
    n."course_start"
    OR 'PRESCRIPTION_CHANGES_REGIMEN' = ANY (n."acknowledged_warnings")
    OR (
      n."reason" = 'New prescription'
      AND EXISTS (
        SELECT 1 FROM "audit_events" a
        WHERE a."patient_id" = n."patient_id" AND a."action" = 'prescription.create' AND a."entity_type" = 'Prescription'
          AND a."entity_id" = p."id"::text AND a."changes"->>'regimenChanged' = 'true'
      )
    )
  );

-- 2. Any other: the version in force on its start date among the course's versions created no later than it, as they
-- stood then (not voided by then, not replaced by a correction made by then; of one day's versions the later,
-- as the dose engine counts). None when no version was in force on that day then: left null, its quantity read as
-- before, from the regimen in force on its start date now.
UPDATE "prescriptions" p
SET "written_for_id" = (
  SELECT d."id"
  FROM "dose_changes" d
  WHERE d."course_id" = p."course_id"
    AND d."effective_from" <= p."start_date"
    AND d."created_at" <= p."created_at"
    AND (d."voided_at" IS NULL OR d."voided_at" > p."created_at")
    AND NOT EXISTS (
      SELECT 1 FROM "dose_changes" s
      WHERE s."supersedes_id" = d."id" AND s."created_at" <= p."created_at" AND (s."voided_at" IS NULL OR s."voided_at" > p."created_at")
    )
  ORDER BY d."effective_from" DESC, d."created_at" DESC, d."id" DESC
  LIMIT 1
)
WHERE p."written_for_id" IS NULL;

-- 3. The day the version's pattern counts from on the start date: its own day, or the latest resume after a pause
-- since then, on or before the start date, among the pauses as they stood when the prescription was written
-- (recorded by then, not voided by then: one voided since was counted when it was written).
UPDATE "prescriptions" p
SET "pattern_anchor" = GREATEST(d."effective_from", COALESCE((
  SELECT max(cp."resume_date")
  FROM "course_pauses" cp
  WHERE cp."course_id" = p."course_id"
    AND cp."created_at" <= p."created_at" AND (cp."voided_at" IS NULL OR cp."voided_at" > p."created_at")
    AND cp."resume_date" > d."effective_from" AND cp."resume_date" <= p."start_date"
), d."effective_from"))
FROM "dose_changes" d
WHERE d."id" = p."written_for_id" AND p."pattern_anchor" IS NULL;
