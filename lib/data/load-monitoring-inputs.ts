import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { doseIncreaseDates } from "@/lib/domain/dosing/increases";
import {
  ENDED_COURSE_MONITORING_DAYS,
  MAX_BASELINE_WINDOW_DAYS,
  type LabPoint,
  type PatientForMonitoring,
  type Waiver,
} from "@/lib/domain/monitoring/protocol";
import type { RepeatRequest, RepeatResult } from "@/lib/domain/monitoring/repeat";
import { LATEST_POST_TREATMENT_TEST_DAYS, type PregnancyHistory } from "@/lib/domain/pregnancy";
import { supplyCoverage } from "@/lib/domain/dosing/supply";
import { DOSE_CHANGES_JSON, doseChangeJson, pauseJson, regimensFromJson, SUPPLY_JSON, supplyJson } from "./course-mapping";
import { addedPregnancyTestIds, loadPregnancyHistories } from "./pregnancy-history";
import { queryRows } from "./query-rows";

/**
 * Courses (alias `c`) that can still generate lab items on `asOf`: in progress, or ended recently enough.
 * A course entered from paper records generates none: its monitoring happened then, on paper.
 */
const courseGeneratesItemsSql = (asOf: string) =>
  Prisma.sql`(NOT c.paper_record AND (c.status IN ('ACTIVE', 'PAUSED') OR c.end_date >= ${addDays(asOf, -ENDED_COURSE_MONITORING_DAYS)}::date))`;

/**
 * Patients (alias `p`) who may have monitoring items on `asOf`: a course that still generates items, an
 * ended course whose post-course pregnancy test may be open (no laboratory negative test late enough to
 * close it: it stays until done or waived, and whether a test done elsewhere counts is the rule set's to
 * say; a paper course's only when it is followed up here), a positive pregnancy test with no decision
 * (whatever the category: a category change never clears a positive test; a copy of a test is that test),
 * a confirmed pregnancy (its follow-up items stay, done or not: lib/domain/pregnancy/follow-ups.ts), a
 * repeat test asked for by a review of a result that is not voided (listed whatever the courses), or a result,
 * not voided, under one of `unreadTests` (addedPregnancyTestIds: a pregnancy test the rules cannot read, which
 * waits for a dermatologist's review whatever the courses).
 */
export const patientHasItemsSql = (asOf: string, unreadTests: readonly string[]) => Prisma.sql`(
  EXISTS (SELECT 1 FROM courses c WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)})
  OR (p.pregnancy_category = 'CAN_BECOME_PREGNANT' AND EXISTS (SELECT 1 FROM courses c WHERE c.patient_id = p.id AND c.end_date IS NOT NULL
    AND (NOT c.paper_record OR c.post_course_test_tracked) AND NOT EXISTS (SELECT 1 FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = 'HCG' AND l.value_qualitative = 'NEGATIVE' AND l.voided_at IS NULL
      AND COALESCE(l.pregnancy_test_setting, 'LAB') = 'LAB' AND l.specimen_date >= c.end_date + ${LATEST_POST_TREATMENT_TEST_DAYS}::int)))
  OR EXISTS (SELECT 1 FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = 'HCG' AND l.value_qualitative IN ('POSITIVE', 'INDETERMINATE') AND l.voided_at IS NULL
    AND l.duplicate_of_id IS NULL AND NOT EXISTS (SELECT 1 FROM pregnancy_decisions d WHERE d.lab_result_id = l.id))
  OR EXISTS (SELECT 1 FROM pregnancy_decisions d WHERE d.patient_id = p.id AND d.outcome = 'PREGNANCY_CONFIRMED')
  OR EXISTS (SELECT 1 FROM lab_repeat_requests rr JOIN lab_results l ON l.id = rr.lab_result_id WHERE rr.patient_id = p.id AND l.voided_at IS NULL)
  ${unreadTests.length ? Prisma.sql`OR EXISTS (SELECT 1 FROM lab_results u WHERE u.patient_id = p.id AND u.lab_test_id = ANY(${[...unreadTests]}::uuid[]) AND u.voided_at IS NULL)` : Prisma.empty})`;

/** One patient's protocol inputs as loadInputs selects them. */
const monitoringInputRow = z.object({
  id: z.string(),
  courses: z
    .array(
      z.object({
        id: z.string(),
        startDate: z.string(),
        endDate: z.string().nullable(),
        doseChanges: z.array(doseChangeJson),
        pauses: z.array(pauseJson),
        supply: z.array(supplyJson),
      }),
    )
    .nullable(),
  labs: z.array(z.object({ analyte: z.string(), specimenDate: z.string() })) satisfies z.ZodType<LabPoint[]>,
  waivers: z.array(z.object({ id: z.string(), itemKey: z.string(), reason: z.string(), waivedBy: z.string(), waivedAt: z.string() })) satisfies z.ZodType<
    Waiver[]
  >,
  repeats: z.array(
    z.object({ id: z.string(), analyte: z.string(), testName: z.string(), specimenDate: z.string(), voided: z.boolean(), dueDate: z.string() }),
  ) satisfies z.ZodType<RepeatRequest[]>,
  repeat_results: z.array(z.object({ analyte: z.string(), specimenDate: z.string(), voided: z.boolean() })) satisfies z.ZodType<RepeatResult[]>,
});

/** Lab analytes the protocol reads. Values are not loaded: only which test was collected when. */
const PROTOCOL_ANALYTES = ["ALT", "AST", "TG", "CHOL"];

/**
 * Protocol inputs for one patient or a batch of patients, in two set-based queries: each patient with the
 * courses that can still generate lab items (in progress, or ended within ENDED_COURSE_MONITORING_DAYS),
 * the protocol's tests from the widest baseline window a clinic may set (MAX_BASELINE_WINDOW_DAYS) before the
 * earliest such course, waivers, the repeat tests reviews asked for with the results of their analytes
 * collected after the reviewed ones (voided ones too, marked: repeat.ts leaves them out); and each patient's
 * pregnancy-prevention history.
 */
export async function loadMonitoringInputs(
  client: Tx | PrismaClient,
  asOf: string,
  patients: string | string[],
  /** The patients' pregnancy histories when already being read (from the same client); else read here. */
  knownHistories?: Promise<Map<string, PregnancyHistory>>,
): Promise<Map<string, PatientForMonitoring>> {
  const ids = typeof patients === "string" ? [patients] : patients;
  const unreadTests = await addedPregnancyTestIds(client);
  const [rows, histories] = await Promise.all([
    queryRows(
      client,
      monitoringInputRow,
      Prisma.sql`
      SELECT p.id,
        (SELECT json_agg(json_build_object('id', c.id, 'startDate', c.start_date::text, 'endDate', c.end_date::text,
            'doseChanges', ${DOSE_CHANGES_JSON},
            'pauses', COALESCE((SELECT json_agg(json_build_object('startDate', cp.start_date::text, 'resumeDate', cp.resume_date::text))
              FROM course_pauses cp WHERE cp.course_id = c.id AND cp.voided_at IS NULL), '[]'),
            'supply', ${SUPPLY_JSON}))
          FROM courses c WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)}) AS courses,
        COALESCE((SELECT json_agg(json_build_object('analyte', l.analyte, 'specimenDate', l.specimen_date::text))
          FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = ANY(${PROTOCOL_ANALYTES}::text[]) AND l.voided_at IS NULL
            AND l.specimen_date >= (SELECT min(c.start_date) FROM courses c
              WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)}) - ${MAX_BASELINE_WINDOW_DAYS}::int), '[]') AS labs,
        COALESCE((SELECT json_agg(json_build_object('id', w.id, 'itemKey', w.item_key, 'reason', w.reason, 'waivedBy', u.name,
            'waivedAt', to_char(w.waived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
          FROM monitoring_waivers w JOIN users u ON u.id = w.waived_by_id WHERE w.patient_id = p.id AND w.voided_at IS NULL), '[]') AS waivers,
        COALESCE((SELECT json_agg(json_build_object('id', rr.id, 'analyte', l.analyte, 'testName', t.name, 'specimenDate', l.specimen_date::text,
            'voided', l.voided_at IS NOT NULL, 'dueDate', rr.due_date::text) ORDER BY rr.requested_at, rr.id)
          FROM lab_repeat_requests rr JOIN lab_results l ON l.id = rr.lab_result_id JOIN lab_tests t ON t.id = l.lab_test_id
          WHERE rr.patient_id = p.id), '[]') AS repeats,
        COALESCE((SELECT json_agg(json_build_object('analyte', l.analyte, 'specimenDate', l.specimen_date::text, 'voided', l.voided_at IS NOT NULL))
          FROM lab_results l WHERE l.patient_id = p.id AND EXISTS (SELECT 1 FROM lab_repeat_requests rr JOIN lab_results r ON r.id = rr.lab_result_id
            WHERE rr.patient_id = p.id AND r.voided_at IS NULL AND r.analyte = l.analyte AND l.specimen_date > r.specimen_date)), '[]') AS repeat_results
      FROM patients p
      WHERE p.id = ANY(${ids}::uuid[]) AND ${patientHasItemsSql(asOf, unreadTests)}`,
    ),
    knownHistories ?? loadPregnancyHistories(client, ids),
  ]);
  const map = new Map<string, PatientForMonitoring>();
  for (const r of rows) {
    map.set(r.id, {
      courses: (r.courses ?? []).map((c) => ({
        id: c.id,
        startDate: c.startDate,
        endDate: c.endDate,
        pauses: c.pauses,
        doseIncreaseDates: doseIncreaseDates(regimensFromJson(c.doseChanges)),
        suppliedThrough: supplyCoverage(c.supply).suppliedThrough,
      })),
      labs: r.labs,
      waivers: r.waivers,
      repeats: { requests: r.repeats, results: r.repeat_results },
      pregnancy: histories.get(r.id)!,
    });
  }
  return map;
}
