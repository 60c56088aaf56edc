-- One call about several of a patient's open items writes one note per item (lib/data/add-outreach-note.ts).
-- The notes of one call share its id, and the outreach history shows the call once, with the items it covered.
-- A note written alone is its own call (the default).
ALTER TABLE "outreach_notes" ADD COLUMN IF NOT EXISTS "call_id" UUID;

-- Notes written before: each its own call (its own id), unless the audit rows prove otherwise. Each note has an
-- audit row ("monitoring.outreach") written in its transaction; that of a note written with others names them
-- ("notedWith"). Notes whose rows name each other, of one patient, by one author, with one outcome and one
-- text, are one call, which takes the smallest of their ids. Only notes still their own call are grouped, so
-- this may run again over notes written since (each with its call's id) and changes none of them.
UPDATE "outreach_notes" SET "call_id" = "id" WHERE "call_id" IS NULL;

WITH named AS (
  SELECT a."entity_id" AS note_id, w.other_id
  FROM "audit_events" a
  CROSS JOIN LATERAL jsonb_array_elements_text(a."changes" -> 'notedWith') AS w(other_id)
  WHERE a."action" = 'monitoring.outreach' AND a."entity_type" = 'OutreachNote' AND jsonb_typeof(a."changes" -> 'notedWith') = 'array'
),
together AS (
  SELECT x.note_id, x.other_id
  FROM named x
  JOIN named y ON y.note_id = x.other_id AND y.other_id = x.note_id
  JOIN "outreach_notes" n ON n."id"::text = x.note_id
  JOIN "outreach_notes" o ON o."id"::text = x.other_id
  WHERE n."patient_id" = o."patient_id"
    AND n."created_by_id" = o."created_by_id"
    AND n."outcome" IS NOT DISTINCT FROM o."outcome"
    AND n."note" = o."note"
    AND n."call_id" = n."id"
    AND o."call_id" = o."id"
),
calls AS (
  SELECT note_id, LEAST(note_id, min(other_id)) AS call_id FROM together GROUP BY note_id
)
UPDATE "outreach_notes" n SET "call_id" = c.call_id::uuid FROM calls c WHERE n."id"::text = c.note_id;

ALTER TABLE "outreach_notes" ALTER COLUMN "call_id" SET NOT NULL, ALTER COLUMN "call_id" SET DEFAULT gen_random_uuid();
