import "server-only";
import type { z } from "zod";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import { formulaProblems, readCsvFile, type CellProblem } from "@/lib/import/csv-file";
import { columnNames, TEMPLATES, type ImportKind, type PatientRow, type WeightRow } from "@/lib/import/templates";
import type { PaperCourseInput } from "@/lib/validation/paper-course";
import { planCourses } from "./import-courses";
import { planLabs, type LabPlan } from "./import-labs";
import { lockFileRecords, mrnIn, NO_SUCH_PATIENT, registeredPatients } from "./import-match";
import { weightWarning } from "./record-weight";
import { weightFarFromRecorded } from "@/lib/domain/weight-entry";
import { coursesInProgress, doseLimitWarningFor, type LiveWeight } from "./weight-dose-limits";
import { ONLY_DERMATOLOGIST_CATEGORY } from "./patients";
import { isBeforeBirth } from "@/lib/domain/date-of-birth";

/**
 * What importing a file would do, row by row, against the records as they are now: each row is new,
 * already present (importing it again changes nothing), or a problem that stops the whole file. The same
 * plan is drawn for the preview and again inside the import's transaction, once it holds the locks of
 * everything the file names (lockFileRecords), so a record added in between, even by an import of the same
 * file waiting at the same moment, cannot be written twice.
 */
export type ImportStep =
  | { row: number; kind: "patients"; input: PatientRow }
  | { row: number; kind: "weights"; patientId: string; input: WeightRow; acknowledged?: string[] }
  | { row: number; kind: "courses"; patientId: string; mrn: string; input: PaperCourseInput }
  | { row: number; kind: "labs"; patientId: string; mrn: string; input: LabPlan };

export interface ImportPlan {
  /** The file cannot be read at all (encoding, size, columns): nothing else is said about it. */
  fileProblem: string | null;
  problems: CellProblem[];
  /** Unusual but possible values: the import goes ahead only when its confirmation covers every one. */
  warnings: CellProblem[];
  rowCount: number;
  steps: ImportStep[];
  present: number;
  /** Rows already present that deserve a word: a course corrected on the patient's page since it was imported. */
  notes: CellProblem[];
  /** The registered patients the plan matched and speaks of (a row new, present or refused): the preview's view names them. */
  patientIds: string[];
}

const fileRefused = (message: string): ImportPlan => ({
  fileProblem: message,
  problems: [],
  warnings: [],
  rowCount: 0,
  steps: [],
  present: 0,
  notes: [],
  patientIds: [],
});

function parseRows<R>(rows: Record<string, string>[], schema: z.ZodType<R>, problems: CellProblem[]): { row: number; value: R }[] {
  const out: { row: number; value: R }[] = [];
  rows.forEach((cells, index) => {
    const parsed = schema.safeParse(cells);
    if (parsed.success) out.push({ row: index + 2, value: parsed.data });
    // One message per cell: the first thing wrong with it.
    else for (const [column, messages] of Object.entries(issuesByColumn(parsed.error))) problems.push({ row: index + 2, column, message: messages[0]! });
  });
  return out;
}

function issuesByColumn(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "row")] ??= []).push(issue.message);
  return out;
}

/** The cells that make two rows the same record: a file names each record once. */
const REPEAT_KEYS: Record<ImportKind, { columns: string[]; blame: string; message: (row: number) => string }> = {
  patients: { columns: ["mrn"], blame: "mrn", message: (row) => `The same MRN is in row ${row}.` },
  weights: { columns: ["mrn", "measured_on"], blame: "measured_on", message: (row) => `A weight for this patient and date is already in row ${row}.` },
  courses: { columns: ["mrn", "course_start", "period_start"], blame: "period_start", message: (row) => `The same dose period is in row ${row}.` },
  labs: { columns: ["mrn", "specimen_date", "test_code", "value", "unit"], blame: "value", message: (row) => `The same result is in row ${row}.` },
};

function repeatedRows(rows: Record<string, string>[], key: (typeof REPEAT_KEYS)[ImportKind]): CellProblem[] {
  const first = new Map<string, number>();
  const problems: CellProblem[] = [];
  rows.forEach((cells, index) => {
    const value = key.columns.map((c) => (cells[c] ?? "").trim().toLowerCase()).join("|");
    const earlier = first.get(value);
    if (earlier) problems.push({ row: index + 2, column: key.blame, message: key.message(earlier) });
    else first.set(value, index + 2);
  });
  return problems;
}

/** `lock`: the import's own plan, drawn under the locks of what the file names (the preview's takes none). */
export async function planImport(
  tx: Tx,
  actor: { id: string; role: Role },
  kind: ImportKind,
  bytes: Uint8Array,
  today: string,
  { lock = false } = {},
): Promise<ImportPlan> {
  const file = readCsvFile(bytes, columnNames(kind));
  if (!file.ok) return fileRefused(file.message);
  if (lock) await lockFileRecords(tx, kind, file.rows);
  const problems = [...formulaProblems(file.rows), ...repeatedRows(file.rows, REPEAT_KEYS[kind])];
  const plan: ImportPlan = { fileProblem: null, problems, warnings: [], rowCount: file.rows.length, steps: [], present: 0, notes: [], patientIds: [] };
  const shown = new Set<string>();
  if (kind === "patients") await planPatients(tx, actor, parseRows(file.rows, TEMPLATES.patients.row, problems), plan, today, shown);
  else if (kind === "weights") await planWeights(tx, parseRows(file.rows, TEMPLATES.weights.row, problems), plan, today, shown);
  else if (kind === "labs") {
    const labs = await planLabs(tx, actor, parseRows(file.rows, TEMPLATES.labs.row, problems), today, problems, plan.warnings, shown);
    plan.steps = labs.steps.map((l) => ({ row: l.row, kind: "labs" as const, patientId: l.patientId, mrn: l.mrn, input: l }));
    plan.present = labs.present;
  } else {
    const courses = await planCourses(tx, parseRows(file.rows, TEMPLATES.courses.row, problems), today, problems, plan.notes, shown);
    plan.steps = courses.steps.map((c) => ({ kind: "courses" as const, ...c }));
    plan.present = courses.present;
  }
  plan.problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  plan.warnings.sort((a, b) => a.row - b.row);
  plan.notes.sort((a, b) => a.row - b.row);
  if (plan.problems.length) plan.steps = [];
  plan.patientIds = [...shown].sort();
  return plan;
}

async function planPatients(tx: Tx, actor: { role: Role }, rows: { row: number; value: PatientRow }[], plan: ImportPlan, today: string, shown: Set<string>) {
  const existing = await tx.patient.findMany({
    where: mrnIn(rows.map((r) => r.value.mrn)),
    select: { id: true, mrn: true, firstName: true, lastName: true, dateOfBirth: true },
  });
  const byMrn = new Map(existing.map((p) => [p.mrn.toLowerCase(), p]));
  for (const { row, value } of rows) {
    const problem = (column: string, message: string) => plan.problems.push({ row, column, message });
    if (value.dateOfBirth > today) problem("date_of_birth", "Date of birth cannot be in the future.");
    const match = byMrn.get(value.mrn.toLowerCase());
    if (match) {
      // Present, or refused as another patient's MRN: either way the preview speaks of that patient.
      shown.add(match.id);
      const same = match.firstName === value.firstName && match.lastName === value.lastName && isoFromDb(match.dateOfBirth) === value.dateOfBirth;
      if (same) plan.present += 1;
      else problem("mrn", "Another patient already has this MRN (a different name or date of birth).");
      continue;
    }
    if (value.pregnancyCategory !== "CAN_BECOME_PREGNANT" && actor.role !== "DERMATOLOGIST") problem("pregnancy_category", ONLY_DERMATOLOGIST_CATEGORY);
    else plan.steps.push({ row, kind: "patients", input: value });
  }
}

async function planWeights(tx: Tx, rows: { row: number; value: WeightRow }[], plan: ImportPlan, today: string, shown: Set<string>) {
  const { patients, match } = await registeredPatients(
    tx,
    rows.map((r) => r.value),
    shown,
  );
  const recorded = await tx.weightMeasurement.findMany({
    where: { patientId: { in: patients.map((p) => p.id) } },
    orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, patientId: true, measuredOn: true, weightGrams: true, voidedAt: true },
  });
  const dayKey = (w: { patientId: string; measuredOn: Date }) => `${w.patientId}|${isoFromDb(w.measuredOn)}`;
  const live = recorded.filter((w) => w.voidedAt === null);
  const matched = rows.map((r) => ({ ...r, patient: match(r.value) }));
  // A weight far from the patient's others (recorded, or in this file) is an unusual value to confirm, as the form asks.
  const weightsOf = new Map<string, { row: number; date: string; grams: number }[]>();
  const add = (patientId: string, w: { row: number; date: string; grams: number }) => weightsOf.set(patientId, [...(weightsOf.get(patientId) ?? []), w]);
  for (const w of live) add(w.patientId, { row: 0, date: isoFromDb(w.measuredOn), grams: w.weightGrams });
  for (const { row, value, patient } of matched) if (patient) add(patient.id, { row, date: value.measuredOn, grams: value.weightGrams });
  const onDay = new Map(live.map((w) => [dayKey(w), w.weightGrams]));
  // Entries voided as entered in error: the same weight on the same day never comes back from a file.
  const voided = new Set(recorded.filter((w) => w.voidedAt !== null).map((w) => `${dayKey(w)}|${w.weightGrams}`));
  for (const { row, value, patient } of matched) {
    const problem = (column: string, message: string) => plan.problems.push({ row, column, message });
    if (!patient) {
      problem("mrn", NO_SUCH_PATIENT);
      continue;
    }
    const others = (weightsOf.get(patient.id) ?? []).filter((w) => w.row !== row);
    const near = weightFarFromRecorded(others, { date: value.measuredOn, grams: value.weightGrams });
    if (near) plan.warnings.push({ row, column: "weight_kg", message: weightWarning(value.weightGrams, near) });
    if (value.measuredOn > today) problem("measured_on", "A weight cannot be dated in the future.");
    else if (isBeforeBirth(value.measuredOn, value.dateOfBirth)) problem("measured_on", "A weight cannot be dated before the date of birth.");
    const stored = onDay.get(`${patient.id}|${value.measuredOn}`);
    if (stored === value.weightGrams) plan.present += 1;
    else if (voided.has(`${patient.id}|${value.measuredOn}|${value.weightGrams}`))
      problem("weight_kg", "This weight was voided as entered in error on the patient's page; remove the row.");
    else if (stored !== undefined)
      problem("weight_kg", "A different weight is already recorded for this patient on this date; correct it on the patient's page.");
    else plan.steps.push({ row, kind: "weights", patientId: patient.id, input: value });
  }
  await warnDoseLimits(tx, plan, live, today);
}

/**
 * The file's new weights of a patient that put a course's current dose above a dose limit, as the weight
 * form asks (lib/data/weight-dose-limits.ts): an unusual value of the row of the latest of them, the weight
 * the dose check then reads, which records the confirmation with it.
 */
async function warnDoseLimits(tx: Tx, plan: ImportPlan, live: { id: string; patientId: string; measuredOn: Date; weightGrams: number }[], today: string) {
  const added = new Map<string, Extract<ImportStep, { kind: "weights" }>[]>();
  for (const s of plan.steps) {
    if (s.kind !== "weights") continue;
    const list = added.get(s.patientId);
    if (list) list.push(s);
    else added.set(s.patientId, [s]);
  }
  if (!added.size) return;
  const courses = await coursesInProgress(tx, [...added.keys()], today);
  const liveOf = new Map<string, LiveWeight[]>();
  for (const w of live) {
    if (!courses.has(w.patientId)) continue;
    const weight = { id: w.id, date: isoFromDb(w.measuredOn), grams: w.weightGrams };
    const list = liveOf.get(w.patientId);
    if (list) list.push(weight);
    else liveOf.set(w.patientId, [weight]);
  }
  for (const [patientId, steps] of added) {
    const inProgress = courses.get(patientId);
    if (!inProgress) continue;
    const weights = liveOf.get(patientId) ?? [];
    const add = steps.map((s) => ({ date: s.input.measuredOn, grams: s.input.weightGrams }));
    const warning = doseLimitWarningFor(inProgress, weights, { add }, today);
    if (!warning) continue;
    const latest = steps.reduce((a, b) => (b.input.measuredOn > a.input.measuredOn ? b : a));
    plan.warnings.push({ row: latest.row, column: "weight_kg", message: warning.message });
    latest.acknowledged = [warning.code];
  }
}
