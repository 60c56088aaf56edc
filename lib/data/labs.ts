import "server-only";
import { z } from "zod";
import { isoFromDb } from "@/lib/clinic";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { LabFlag } from "@/lib/generated/prisma/enums";
import { cachedCount } from "./count-cache";
import { assertCan, type Viewer } from "./viewer";
import { addedPregnancyTest, num } from "./lab-rows";
import { count, isoDateText, queryRow } from "./query-rows";

/** The tests the entry form offers: the active ones, but for a pregnancy test added as a test of its own (addedPregnancyTest). */
export async function getLabCatalogue() {
  const tests = await db.labTest.findMany({
    where: { active: true },
    orderBy: { sortOrder: "asc" },
    select: { id: true, name: true, code: true, codeSystem: true, analyte: true, kind: true, unit: true, refLow: true, refHigh: true },
  });
  return tests.filter((t) => !addedPregnancyTest(t));
}

export { labPanelValueProblems, recordLabPanel } from "./record-lab-panel";
export { acknowledgeLab } from "./review-lab";

/** A patient's lab results, for roles that may read them (never office staff). */
export async function getPatientLabs(viewer: Viewer, patientId: string) {
  assertCan(viewer, "labs.read");
  const rows = await db.labResult.findMany({
    where: { patientId },
    orderBy: [{ specimenDate: "desc" }, { enteredAt: "desc" }],
    take: 500,
    select: {
      id: true,
      analyte: true,
      code: true,
      specimenDate: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      refLow: true,
      refHigh: true,
      flag: true,
      flagReason: true,
      pregnancyTestSetting: true,
      acknowledgedAt: true,
      enteredAt: true,
      labTest: { select: { name: true } },
      enteredBy: { select: { name: true } },
      acknowledgedBy: { select: { name: true } },
      enteredValue: true,
      enteredUnit: true,
      refHighDefaulted: true,
      labRange: true,
      labFlag: true,
      duplicateOfId: true,
      reviewAction: true,
      reviewNote: true,
      hl7Message: { select: { sendingFacility: true, interface: { select: { name: true } } } },
      voidedAt: true,
      voidReason: true,
      voidedBy: { select: { name: true } },
      voidedByInterface: { select: { name: true } },
      // A voided result replaced by a correction (by hand or the laboratory's) was corrected, not entered in error.
      replacedById: true,
      corrects: { select: { specimenDate: true } },
    },
  });
  return rows.map((r) => ({
    ...r,
    corrects: r.corrects ? isoFromDb(r.corrects.specimenDate) : null,
    specimenDate: isoFromDb(r.specimenDate),
    valueNumeric: num(r.valueNumeric),
    enteredValue: num(r.enteredValue),
    refLow: num(r.refLow),
    refHigh: num(r.refHigh),
    name: r.labTest.name,
  }));
}

/**
 * A result (alias `r`) awaiting review: abnormal, current, not reviewed, and not a copy. A result recorded
 * again (by hand, or received from the lab after a hand entry) names the first one (duplicate_of_id) and is
 * the same result, counted once; a copy always names a current result, since voiding the one it names
 * hands that one's place to its oldest copy (promoteCopies, lib/data/save-lab-rows.ts). The dashboard's
 * lists and counts and the patient header read it.
 */
export const UNREVIEWED_RESULT = Prisma.sql`r.acknowledged_at IS NULL AND r.flag <> 'NORMAL' AND r.voided_at IS NULL AND r.duplicate_of_id IS NULL`;

/** An unreviewed abnormal result with its test and patient, as the dashboard lists it. */
const alertJson = z.object({
  id: z.string(),
  test: z.string(),
  analyte: z.string(),
  flag: z.enum([LabFlag.LOW, LabFlag.HIGH, LabFlag.ACTION, LabFlag.CRITICAL]),
  reason: z.string().nullable(),
  specimenDate: isoDateText,
  patientId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** The patient's latest result of the same analyte collected after this one, if any: its flag and day. */
  later: z.object({ flag: z.enum(LabFlag), specimenDate: isoDateText }).nullable(),
});
const alertListsRow = z.object({ critical: z.array(alertJson), abnormal: z.array(alertJson) });

/** The two lists of results awaiting review: critical results, and the other abnormal ones. */
export const ALERT_LISTS = ["critical", "abnormal"] as const;
export type AlertListName = (typeof ALERT_LISTS)[number];
const LIST_FLAGS: Record<AlertListName, Prisma.Sql> = {
  critical: Prisma.sql`r.flag = 'CRITICAL'`,
  abnormal: Prisma.sql`r.flag BETWEEN 'LOW' AND 'ACTION'`,
};

/**
 * One list's rows, most urgent first: flags compare in their declared order (LOW < HIGH < ACTION < CRITICAL),
 * so the highest flag comes first (abnormal results: action-level, then high, then low), and within a flag
 * the oldest specimen, the result that has waited longest. Each says whether a result of the same test was
 * collected since (its flag and day), so a high value already followed by a normal one reads as such.
 */
export function alertListSql(list: AlertListName, page: { limit: number; offset: number }) {
  return Prisma.sql`COALESCE((
    SELECT json_agg(json_build_object('id', x.id, 'test', x.test, 'analyte', x.analyte, 'flag', x.flag, 'reason', x.flag_reason,
        'specimenDate', x.specimen_date::text, 'patientId', x.patient_id, 'firstName', x.first_name, 'lastName', x.last_name,
        'later', CASE WHEN l.flag IS NULL THEN NULL ELSE json_build_object('flag', l.flag, 'specimenDate', l.specimen_date::text) END)
      ORDER BY x.flag DESC, x.specimen_date, x.id)
    FROM (SELECT r.id, t.name AS test, r.analyte, r.flag, r.flag_reason, r.specimen_date, r.patient_id, p.first_name, p.last_name
      FROM lab_results r JOIN lab_tests t ON t.id = r.lab_test_id JOIN patients p ON p.id = r.patient_id
      WHERE ${UNREVIEWED_RESULT} AND ${LIST_FLAGS[list]} ORDER BY r.flag DESC, r.specimen_date, r.id LIMIT ${page.limit} OFFSET ${page.offset}) x
    -- After the page's rows are chosen: one index range (patient, analyte, specimen date) per row shown.
    LEFT JOIN LATERAL (SELECT n.flag, n.specimen_date FROM lab_results n
      WHERE n.patient_id = x.patient_id AND n.analyte = x.analyte AND n.specimen_date > x.specimen_date AND n.voided_at IS NULL
      ORDER BY n.specimen_date DESC, n.id LIMIT 1) l ON true), '[]')`;
}

/**
 * Both lists' counts, one range of the partial index lab_results_unreviewed_idx (the whole backlog), kept per
 * process until a result changes (lib/data/count-cache.ts).
 */
const alertCounts = () =>
  cachedCount("lab_results", "alerts", async () => {
    const c = await queryRow(
      db,
      z.object({ critical_count: count, abnormal_count: count }),
      Prisma.sql`SELECT count(*) FILTER (WHERE r.flag = 'CRITICAL') AS critical_count, count(*) FILTER (WHERE r.flag <> 'CRITICAL') AS abnormal_count
      FROM lab_results r WHERE ${UNREVIEWED_RESULT}`,
    );
    return { critical: c.critical_count, abnormal: c.abnormal_count };
  });

const shape = ({ firstName, lastName, ...r }: z.infer<typeof alertJson>) => ({ ...r, patientName: `${lastName}, ${firstName}` });

/**
 * Abnormal and critical results awaiting review, for roles that may read lab values: the first `limit` of
 * each list with what the dashboard shows of it and nothing more (its panels send the rows to the browser as
 * they are), in one statement, and the counts. Each list reads its rows from the partial index
 * lab_results_unreviewed_idx in its own order, so its cost follows the page, not the backlog.
 */
export async function getLabAlerts(viewer: Viewer, limit = 25) {
  assertCan(viewer, "labs.read");
  const first = { limit, offset: 0 };
  const [counts, lists] = await Promise.all([
    alertCounts(),
    queryRow(db, alertListsRow, Prisma.sql`SELECT ${alertListSql("critical", first)} AS critical, ${alertListSql("abnormal", first)} AS abnormal`),
  ]);
  return { critical: lists.critical.map(shape), criticalCount: counts.critical, abnormal: lists.abnormal.map(shape), abnormalCount: counts.abnormal };
}

/** A page of one list of results awaiting review, in the same order, with both lists' counts (the whole list behind the dashboard's first rows). */
export async function getLabAlertPage(viewer: Viewer, list: AlertListName, page: { limit: number; offset: number }) {
  assertCan(viewer, "labs.read");
  const [counts, { rows }] = await Promise.all([
    alertCounts(),
    queryRow(db, z.object({ rows: z.array(alertJson) }), Prisma.sql`SELECT ${alertListSql(list, page)} AS rows`),
  ]);
  return { rows: rows.map(shape), total: counts[list], counts };
}
