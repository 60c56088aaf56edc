-- A repeat test asked for at a lab review (lab_repeat_requests) stayed with the reviewed result when that result
-- was corrected (a corrected value entered by hand, or the laboratory's corrected result), so the repeat of a
-- result whose corrected value is still abnormal was no longer listed. A correction now takes the request while
-- it is still abnormal (lib/data/repeat-corrections.ts). The requests left behind before that are carried over
-- the same way, along what became of the result:
-- - corrected (replaced_by_id): to the result the correction records (the correction, or the result on file it
--   repeats, duplicate_of_id, as a review names it), only while that result's flag is not NORMAL;
-- - voided on its own later, a copy of it taking its place (promoteCopies, lib/data/save-lab-rows.ts, which
--   carries requests whatever the flag): to that copy, which the void's audit row names (copies.original), the
--   copy no longer naming the voided row;
-- to the current result reached; the due date is kept. A request whose corrections reach a normal one, or a
-- result voided with no copy to take its place, stays where it is and lists nothing, as before. Nothing else is
-- changed. The next daily refresh recomputes the stored items (DERIVED_RULES_REVISION 17).
WITH RECURSIVE "walk" AS (
  SELECT rr."id" AS "request_id", rr."lab_result_id" AS "at_id", 0 AS "depth"
  FROM "lab_repeat_requests" rr
  JOIN "lab_results" l ON l."id" = rr."lab_result_id"
  WHERE l."voided_at" IS NOT NULL AND l."replaced_by_id" IS NOT NULL
  UNION ALL
  SELECT w."request_id", "next"."id", w."depth" + 1
  FROM "walk" w
  JOIN "lab_results" cur ON cur."id" = w."at_id"
  CROSS JOIN LATERAL (
    SELECT t."id" FROM "lab_results" n JOIN "lab_results" t ON t."id" = COALESCE(n."duplicate_of_id", n."id")
    WHERE n."id" = cur."replaced_by_id" AND t."flag" <> 'NORMAL'
    UNION ALL
    SELECT (a."changes"->'copies'->>'original')::uuid FROM "audit_events" a
    WHERE cur."replaced_by_id" IS NULL AND a."patient_id" = cur."patient_id" AND a."action" = 'lab.void'
      AND a."entity_id" = cur."id"::text AND a."changes"->'copies'->>'original' IS NOT NULL
  ) "next"
  WHERE cur."voided_at" IS NOT NULL AND w."depth" < 100
)
UPDATE "lab_repeat_requests" rr SET "lab_result_id" = reached."at_id"
FROM (SELECT DISTINCT ON ("request_id") "request_id", "at_id" FROM "walk" ORDER BY "request_id", "depth" DESC) reached
JOIN "lab_results" l ON l."id" = reached."at_id"
WHERE rr."id" = reached."request_id" AND l."voided_at" IS NULL AND reached."at_id" <> rr."lab_result_id";
