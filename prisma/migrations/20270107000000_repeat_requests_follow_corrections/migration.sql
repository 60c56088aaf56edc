-- A repeat test asked for at a lab review (lab_repeat_requests) stayed with the reviewed result when that result
-- was corrected (a corrected value entered by hand, or the laboratory's corrected result), so the repeat of a
-- result whose corrected value is still abnormal was no longer listed. A correction now takes the request while
-- it is still abnormal (lib/data/repeat-corrections.ts). The requests left behind before that are carried over
-- the same way: along the result's corrections (replaced_by_id; a correction that repeats a result on file stands
-- for that result, as a review names it), each step only while the correction's flag is not NORMAL, to the
-- current result reached; the due date is kept. A request whose corrections reach a normal one, or a result
-- voided without a correction, stays where it is and lists nothing, as before. Nothing else is changed. The next
-- daily refresh recomputes the stored items (DERIVED_RULES_REVISION 17).
WITH RECURSIVE "walk" AS (
  SELECT rr."id" AS "request_id", rr."lab_result_id" AS "at_id", 0 AS "depth"
  FROM "lab_repeat_requests" rr
  JOIN "lab_results" l ON l."id" = rr."lab_result_id"
  WHERE l."voided_at" IS NOT NULL AND l."replaced_by_id" IS NOT NULL
  UNION ALL
  SELECT w."request_id", COALESCE(n."duplicate_of_id", n."id"), w."depth" + 1
  FROM "walk" w
  JOIN "lab_results" cur ON cur."id" = w."at_id"
  JOIN "lab_results" n ON n."id" = cur."replaced_by_id"
  WHERE cur."voided_at" IS NOT NULL AND n."flag" <> 'NORMAL' AND w."depth" < 100
)
UPDATE "lab_repeat_requests" rr SET "lab_result_id" = reached."at_id"
FROM (SELECT DISTINCT ON ("request_id") "request_id", "at_id" FROM "walk" ORDER BY "request_id", "depth" DESC) reached
JOIN "lab_results" l ON l."id" = reached."at_id"
WHERE rr."id" = reached."request_id" AND l."voided_at" IS NULL AND reached."at_id" <> rr."lab_result_id";
