import "server-only";
import { cache } from "react";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import {
  ContraceptionMethod,
  PregnancyCategory,
  PregnancyDecisionOutcome,
  PregnancyFollowUpKind,
  PregnancyTestSetting,
  QualitativeResult,
} from "@/lib/generated/prisma/enums";
import { clinicToday } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { rulesResolver, type PregnancyHistory, type PregnancySettings, type RulesOn } from "@/lib/domain/pregnancy";
import { needsDermatologist } from "@/lib/hl7/interpret";
import { configVersions, parseConfig } from "./config";
import { pauseJson } from "./course-mapping";
import { addedPregnancyTest } from "./lab-rows";
import { queryRows } from "./query-rows";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A prescription as the rules read it: the clinic day it was entered, from when it was entered. */
const prescriptionRow = z
  .object({
    id: z.string(),
    writtenOn: z.string(),
    daysSupply: z.number(),
    refills: z.number(),
    pregnancyTestId: z.string().nullable(),
    enteredAt: z.string(),
  })
  .transform(({ enteredAt, ...rx }) => ({ ...rx, enteredOn: clinicToday(new Date(enteredAt)) }));

/** One patient's pregnancy-prevention history, as loadPregnancyHistories aggregates it. */
const historyRow = z.object({
  id: z.string(),
  categories: z.array(z.object({ category: z.enum(PregnancyCategory), from: z.string() })),
  tests: z.array(z.object({ id: z.string(), specimenDate: z.string(), result: z.enum(QualitativeResult), setting: z.enum(PregnancyTestSetting) })),
  contraception: z.array(z.object({ id: z.string(), method: z.enum(ContraceptionMethod), startDate: z.string(), endDate: z.string().nullable() })),
  counseling: z.array(z.object({ id: z.string(), date: z.string(), confirmedContraceptionId: z.string().nullable() })),
  clearances: z.array(z.object({ id: z.string(), testId: z.string(), decidedOn: z.string(), outcome: z.enum(PregnancyDecisionOutcome) })),
  followUps: z.array(z.object({ id: z.string(), decisionId: z.string(), kind: z.enum(PregnancyFollowUpKind), doneOn: z.string() })),
  courses: z.array(
    z.object({
      id: z.string(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      pauses: z.array(pauseJson),
      prescriptions: z.array(prescriptionRow),
      paperRecord: z.boolean(),
    }),
  ),
  voidedDispensed: z.array(z.intersection(prescriptionRow, z.object({ dispensedOn: z.string() })).transform((rx) => ({ ...rx, voided: true as const }))),
  // Each entry's id and when it arrived, with what needsDermatologist reads of its parsed observation (lib/hl7/oru.ts)
  // and its collection day (an ISO day as parsed; one not read as such counts as absent).
  queued: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      observation: z.object({
        value: z.string(),
        valueText: z.string(),
        status: z.string(),
        specimenDate: z.string().regex(ISO_DAY).optional().catch(undefined),
      }),
    }),
  ),
  unreadPregnancyResults: z.array(z.object({ id: z.string(), specimenDate: z.string() })),
}) satisfies z.ZodType<{ id: string; queued: unknown[] } & PregnancyHistory>;

/**
 * Everything the pregnancy-prevention rules read about these patients, in one set-based query: category
 * history, qualitative pregnancy tests with where they were done, contraception, counseling (none voided), the
 * dermatologist's decisions, every course with its pauses and prescriptions (with the test each rests
 * on; a course from paper records only while its post-course test is followed up here), and the prescriptions
 * voided as entered in error after a pharmacy dispensed them (their tests stay used).
 */
export async function loadPregnancyHistories(client: Tx | PrismaClient, patientIds: string[]): Promise<Map<string, PregnancyHistory>> {
  if (patientIds.length === 0) return new Map();
  const unreadTests = await addedPregnancyTestIds(client);
  const rows = await queryRows(
    client,
    historyRow,
    Prisma.sql`
    SELECT p.id,
      -- A patient row written outside the app without its history counts as its category since always.
      COALESCE((SELECT json_agg(json_build_object('category', c.category, 'from', c.effective_from::text) ORDER BY c.effective_from, c.changed_at)
        FROM pregnancy_category_changes c WHERE c.patient_id = p.id),
        json_build_array(json_build_object('category', p.pregnancy_category, 'from', '0001-01-01'))) AS categories,
      COALESCE((SELECT json_agg(json_build_object('id', l.id, 'specimenDate', l.specimen_date::text, 'result', l.value_qualitative,
          'setting', COALESCE(l.pregnancy_test_setting, 'LAB')) ORDER BY l.specimen_date, l.entered_at)
        -- A result recorded again (a copy naming the first, as when the laboratory sends a test a nurse entered)
        -- is the same test, counted once: a decision on the first decides it.
        FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = 'HCG' AND l.value_qualitative IS NOT NULL
          AND l.voided_at IS NULL AND l.duplicate_of_id IS NULL), '[]') AS tests,
      -- Contraception and counseling entered in error (voided) count for nothing.
      COALESCE((SELECT json_agg(json_build_object('id', r.id, 'method', r.method, 'startDate', r.start_date::text, 'endDate', r.end_date::text))
        FROM contraception_records r WHERE r.patient_id = p.id AND r.voided_at IS NULL), '[]') AS contraception,
      -- With the contraception record each confirmed (the rules count it only while that record is live).
      COALESCE((SELECT json_agg(json_build_object('id', k.id, 'date', k.counseled_on::text, 'confirmedContraceptionId', k.confirmed_contraception_id))
        FROM pregnancy_counseling k WHERE k.patient_id = p.id AND k.voided_at IS NULL), '[]') AS counseling,
      -- A decision documented on a copy decides the test it copies.
      COALESCE((SELECT json_agg(json_build_object('id', d.id,
          'testId', COALESCE((SELECT t.duplicate_of_id FROM lab_results t WHERE t.id = d.lab_result_id), d.lab_result_id),
          'decidedOn', d.decided_on::text, 'outcome', d.outcome))
        FROM pregnancy_decisions d WHERE d.patient_id = p.id), '[]') AS clearances,
      -- The follow-ups recorded after a confirmed pregnancy; one entered in error (voided) counts for nothing.
      COALESCE((SELECT json_agg(json_build_object('id', f.id, 'decisionId', f.decision_id, 'kind', f.kind, 'doneOn', f.done_on::text))
        FROM pregnancy_follow_ups f WHERE f.patient_id = p.id AND f.voided_at IS NULL), '[]') AS "followUps",
      COALESCE((SELECT json_agg(json_build_object('id', c.id, 'startDate', c.start_date::text, 'endDate', c.end_date::text,
          'pauses', COALESCE((SELECT json_agg(json_build_object('startDate', cp.start_date::text, 'resumeDate', cp.resume_date::text))
            FROM course_pauses cp WHERE cp.course_id = c.id AND cp.voided_at IS NULL), '[]'),
          -- In the order written, one day's in the order entered: the first of a day rests on that day's test.
          'prescriptions', COALESCE((SELECT json_agg(json_build_object('id', rx.id, 'writtenOn', rx.written_on::text,
              'daysSupply', rx.days_supply, 'refills', rx.refills, 'enteredAt', to_char(rx.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              -- A prescription resting on a copy rests on the test it copies.
              'pregnancyTestId', COALESCE((SELECT t.duplicate_of_id FROM lab_results t WHERE t.id = rx.pregnancy_test_id), rx.pregnancy_test_id))
              ORDER BY rx.written_on, rx.created_at)
            FROM prescriptions rx WHERE rx.course_id = c.id AND rx.voided_at IS NULL), '[]'),
          'paperRecord', c.paper_record))
        -- Paper records describe courses whose pregnancy prevention was documented then, on paper, except a
        -- post-course test still ahead or not yet overdue when the course was entered: that one is followed up here.
        FROM courses c WHERE c.patient_id = p.id AND (NOT c.paper_record OR c.post_course_test_tracked)), '[]') AS courses,
      -- A prescription voided as entered in error after a pharmacy dispensed it: the fill used its test.
      COALESCE((SELECT json_agg(json_build_object('id', rx.id, 'writtenOn', rx.written_on::text, 'dispensedOn', rx.dispensed_on::text,
          'daysSupply', rx.days_supply, 'refills', rx.refills, 'enteredAt', to_char(rx.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'pregnancyTestId', COALESCE((SELECT t.duplicate_of_id FROM lab_results t WHERE t.id = rx.pregnancy_test_id), rx.pregnancy_test_id))
          ORDER BY rx.written_on, rx.created_at)
        FROM prescriptions rx JOIN courses c ON c.id = rx.course_id
        WHERE c.patient_id = p.id AND rx.voided_at IS NOT NULL AND rx.dispensed_on IS NOT NULL), '[]') AS "voidedDispensed",
      -- A laboratory's pregnancy test results waiting in the queue that hold this patient's prescribing
      -- (matched, or named by MRN with another date of birth; which of them wait for a dermatologist is
      -- needsDermatologist's rule, below). The queue's pending holds by patient: an index.
      COALESCE((SELECT json_agg(json_build_object('id', q.id, 'createdAt', q.created_at, 'observation', q.observation))
        FROM hl7_queue_entries q WHERE q.holds_patient_id = p.id AND q.status = 'PENDING'), '[]') AS queued,
      -- Results under a pregnancy test the catalogue holds as a test of its own, which the rules cannot read (no value).
      COALESCE((SELECT json_agg(json_build_object('id', u.id, 'specimenDate', u.specimen_date::text) ORDER BY u.specimen_date, u.id)
        FROM lab_results u WHERE u.patient_id = p.id AND u.lab_test_id = ANY(${unreadTests}::uuid[])
        AND u.voided_at IS NULL), '[]') AS "unreadPregnancyResults"
    FROM patients p WHERE p.id = ANY(${patientIds}::uuid[])`,
  );
  return new Map(
    rows.map(({ id, queued, ...h }) => [id, { ...h, queuedLabResults: queued.filter((q) => needsDermatologist(q.observation, true)).map(queuedDay) }]),
  );
}

/**
 * A waiting result by its entry's id and its day: the collection day the laboratory sent (its message's day when
 * it sent none), or the clinic day it arrived when that is earlier (a sender's clock ahead): the review of it is
 * due from then, as a positive test's on the chart is from its collection day.
 */
function queuedDay(q: { id: string; createdAt: string; observation: { specimenDate?: string } }): { id: string; specimenDate: string } {
  const arrived = clinicToday(new Date(q.createdAt));
  const collected = q.observation.specimenDate;
  return { id: q.id, specimenDate: collected !== undefined && collected < arrived ? collected : arrived };
}

/** The catalogue's tests that are pregnancy tests held as tests of their own (addedPregnancyTest): a few rows read. */
export async function addedPregnancyTestIds(client: Tx | PrismaClient): Promise<string[]> {
  const tests = await client.labTest.findMany({ where: { analyte: { not: "HCG" } }, select: { id: true, analyte: true, code: true, name: true } });
  return tests.filter(addedPregnancyTest).map((t) => t.id);
}

export async function loadPregnancyHistory(client: Tx | PrismaClient, patientId: string): Promise<PregnancyHistory | null> {
  return (await loadPregnancyHistories(client, [patientId])).get(patientId) ?? null;
}

/**
 * One patient's history read once per request, outside any transaction: a patient's page computes the
 * monitoring items and the pregnancy status from the same history. Unguarded: only the readers that check
 * the viewer's permission first (lib/data/monitoring.ts, lib/data/pregnancy-overview.ts) call it.
 */
export const requestPregnancyHistories = cache((patientId: string) => loadPregnancyHistories(db, [patientId]));

/**
 * The clinic's pregnancy-prevention settings versions, each checked against its schema, as a resolver of
 * the rules in force on any day. Pass the transaction when reading inside one (without a client the
 * versions come from this process's cache when it is in use: lib/data/config.ts).
 */
export async function getPregnancyRules(client?: Tx | PrismaClient): Promise<RulesOn> {
  const versions = await configVersions("PREGNANCY_PREVENTION", client);
  return rulesResolver(versions.map((v) => ({ effectiveFrom: v.effectiveFrom, settings: parseConfig<PregnancySettings>("PREGNANCY_PREVENTION", v) })));
}
