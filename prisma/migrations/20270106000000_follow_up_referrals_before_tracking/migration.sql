-- Decisions documented before the follow-ups were tracked (migration 20270104000000_pregnancy_follow_ups)
-- confirmed a pregnancy under the choice "Pregnancy confirmed: treatment stopped, patient referred": the
-- dermatologist attested the referral then. Each such decision with no current referral record gets one,
-- done on the decision's day and recorded by its dermatologist, so that its referral item reads completed
-- rather than overdue with no record behind it. The report to the REMS program was never attested: its item
-- stays open. A decision documented once the follow-ups were tracked (the choice no longer says "referred")
-- gets nothing: its referral is recorded as done on its own. Nothing else is changed; a record voided as
-- entered in error stays voided. The next daily refresh recomputes the stored items (DERIVED_RULES_REVISION 16).
INSERT INTO "pregnancy_follow_ups" ("id", "patient_id", "decision_id", "kind", "done_on", "note", "recorded_by_id", "recorded_at")
SELECT gen_random_uuid(), d."patient_id", d."id", 'OBSTETRIC_REFERRAL', d."decided_on",
  'Recorded with the decision (patient referred)', d."decided_by_id", d."decided_at"
FROM "pregnancy_decisions" d
WHERE d."outcome" = 'PREGNANCY_CONFIRMED'
  AND d."decided_at" < COALESCE(
    (SELECT min(m."finished_at") FROM "_prisma_migrations" m
     WHERE m."migration_name" = '20270104000000_pregnancy_follow_ups' AND m."rolled_back_at" IS NULL),
    'infinity')
  AND NOT EXISTS (
    SELECT 1 FROM "pregnancy_follow_ups" f
    WHERE f."decision_id" = d."id" AND f."kind" = 'OBSTETRIC_REFERRAL' AND f."voided_at" IS NULL);
