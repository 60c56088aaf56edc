import { Prisma } from "@/lib/generated/prisma/client";

/**
 * What each seeded prescription was written for (the demo clinic and the large clinic, whose dose versions are never
 * voided or corrected, so the regimen in force on a start date now is the one in force when it was written): the
 * version in force on its start date, set by it when that version names it and takes effect that day, its pattern
 * counted from the version's day or the latest resume after a pause since (lib/data/prescription-rows.ts records the
 * same when a prescription is written). One statement, for the prescriptions `p` not recording it yet that `scope`
 * selects. Seeded versions name their prescription, so they are written after it and this runs once both are in.
 */
export const seededWrittenFor = (scope: Prisma.Sql = Prisma.sql`TRUE`) => Prisma.sql`
  UPDATE prescriptions p
  SET written_for_id = d.id,
    sets_regimen = (d.prescription_id IS NOT DISTINCT FROM p.id AND d.effective_from = p.start_date),
    pattern_anchor = GREATEST(d.effective_from, COALESCE((
      SELECT max(cp.resume_date) FROM course_pauses cp
      WHERE cp.course_id = p.course_id AND cp.voided_at IS NULL AND cp.resume_date > d.effective_from AND cp.resume_date <= p.start_date
    ), d.effective_from))
  FROM dose_changes d
  WHERE p.written_for_id IS NULL AND (${scope})
    AND d.id = (
      SELECT v.id FROM dose_changes v
      WHERE v.course_id = p.course_id AND v.effective_from <= p.start_date AND v.voided_at IS NULL
      ORDER BY v.effective_from DESC, v.created_at DESC, v.id DESC
      LIMIT 1
    )`;
