import "server-only";
import { randomUUID } from "node:crypto";
import { dbDate } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { isBeforeBirth } from "@/lib/domain/date-of-birth";
import { labRangeNotUsed } from "@/lib/domain/lab-reference-range";
import { acceptedUnits } from "@/lib/domain/monitoring/units";
import type { CellProblem } from "@/lib/import/csv-file";
import type { LabImportRow } from "@/lib/import/lab-template";
import { parseLabValue } from "@/lib/validation/lab";
import { getThresholds } from "./config";
import { NO_SUCH_PATIENT, registeredPatients } from "./import-match";
import { addedPregnancyTest, addedPregnancyTestText, prepareLabRow, resultKey } from "./lab-rows";
import type { LabRowData } from "./save-lab-rows";

/**
 * Lab results from a spreadsheet, held to the lab form's rules: each row becomes the row the form (and the
 * HL7 import) would store, through prepareLabRow (canonical unit, the laboratory's range, the plausibility
 * limits, the clinic's flag thresholds in force on the specimen date), and is written by saveLabRows.
 *
 * - A value outside the physiological limits is a problem naming the limit; an unusual but possible value is
 *   a warning the import's confirmation must cover explicitly.
 * - A result already recorded (same patient, analyte, specimen date and value) is left as it is and counted;
 *   one that was voided as entered in error is a problem, so a corrected result never comes back. The same
 *   result twice in the file, however its value is written, is a problem.
 * - Pregnancy tests: only negative results from before today. A positive or indeterminate result starts a
 *   dermatologist's decision and blocks prescriptions, and today's test belongs to today's prescription: both
 *   are entered on the patient's page, where that workflow is, never as a side effect of a bulk file.
 */
export interface LabPlan {
  row: number;
  patientId: string;
  mrn: string;
  testName: string;
  data: LabRowData;
  /** The unusual-value warning this row carries, if any. */
  unusual: string | null;
}

type CatalogueTest = Awaited<ReturnType<Tx["labTest"]["findMany"]>>[number];

export const HCG_NOT_NEGATIVE =
  "A positive or indeterminate pregnancy test is not imported: record it on the patient's page, where a dermatologist documents the decision.";
export const HCG_FROM_TODAY = "A pregnancy test taken today is recorded on the patient's page, with the prescription it allows.";

export async function planLabs(
  tx: Tx,
  actor: { id: string },
  rows: { row: number; value: LabImportRow }[],
  today: string,
  problems: CellProblem[],
  warnings: CellProblem[],
  shown: Set<string>,
): Promise<{ steps: LabPlan[]; present: number }> {
  const { patients, match } = await registeredPatients(
    tx,
    rows.map((r) => r.value),
    shown,
  );
  const dates = [...new Set(rows.map((r) => r.value.specimenDate))];
  const [tests, recorded] = await Promise.all([
    tx.labTest.findMany({ orderBy: [{ active: "desc" }, { sortOrder: "asc" }] }),
    tx.labResult.findMany({
      where: { patientId: { in: patients.map((p) => p.id) }, specimenDate: { in: dates.map(dbDate) } },
      select: { patientId: true, analyte: true, specimenDate: true, valueNumeric: true, valueQualitative: true, voidedAt: true },
    }),
  ]);
  // The flag thresholds in force on each specimen date, read once per date.
  const thresholds = new Map<string, ReturnType<typeof getThresholds>>();
  const thresholdsOn = (date: string) => thresholds.get(date) ?? thresholds.set(date, getThresholds(date, tx)).get(date)!;

  const steps: LabPlan[] = [];
  const inFile = new Map<string, number>();
  let present = 0;
  for (const { row, value } of rows) {
    const problem = (column: string, message: string) => problems.push({ row, column, message });
    const patient = match(value);
    if (!patient) {
      problem("mrn", NO_SUCH_PATIENT);
      continue;
    }
    if (value.specimenDate > today) problem("specimen_date", "A result cannot be dated in the future.");
    // The file's date of birth is the patient's: the row matched on it.
    else if (isBeforeBirth(value.specimenDate, value.dateOfBirth)) problem("specimen_date", "A result cannot be dated before the date of birth.");
    const test: CatalogueTest | undefined = tests.find((t) => t.code === value.testCode);
    if (!test) {
      problem("test_code", `No test in the lab catalogue has the code ${value.testCode}.`);
      continue;
    }
    if (addedPregnancyTest(test)) {
      problem("test_code", addedPregnancyTestText(test));
      continue;
    }
    const checked = checkCells(test, value, today);
    if (checked) {
      problem(checked.column, checked.message);
      continue;
    }
    const parsed = parseLabValue(test.kind, test.kind === "QUALITATIVE" ? value.value.toUpperCase() : value.value);
    if (!parsed.ok) {
      problem("value", parsed.message);
      continue;
    }
    if (test.analyte === "HCG" && parsed.qualitative !== "NEGATIVE") {
      problem("value", HCG_NOT_NEGATIVE);
      continue;
    }
    const hasRange = value.refLow !== null || value.refHigh !== null;
    const labRange = hasRange
      ? value.refLow !== null && value.refHigh !== null
        ? `${value.refLow}-${value.refHigh}`
        : value.refHigh !== null
          ? `<${value.refHigh}`
          : `>${value.refLow}`
      : null;
    // Without the laboratory's range the catalogue's applies, in the catalogue's unit.
    const received = {
      unit: hasRange ? value.unit : test.unit,
      refLow: value.refLow === null ? null : Number(value.refLow),
      refHigh: value.refHigh === null ? null : Number(value.refHigh),
      labRange: labRange === null ? null : `${labRange} ${value.unit ?? ""}`.trim(),
      labFlag: value.labFlag,
    };
    const outOfRange = rangeProblem(test, received, value.unit ?? test.unit);
    if (outOfRange) {
      problem(outOfRange.column, outOfRange.message);
      continue;
    }
    const entry = {
      patientId: patient.id,
      specimenDate: value.specimenDate,
      pregnancyTestSetting: value.setting,
      submissionId: randomUUID(),
      enteredById: actor.id,
    };
    const prepared = prepareLabRow(test, parsed, await thresholdsOn(value.specimenDate), entry, value.unit, received);
    if (!prepared.ok) {
      problem(prepared.field, `${test.name}: ${prepared.message}`);
      continue;
    }
    if (problems.some((p) => p.row === row)) continue;
    const data = prepared.row;
    // The file names each result once, however its value is written (182 and 182.0, mmol/L and its mg/dL).
    const key = `${patient.id}|${resultKey(data)}`;
    const earlier = inFile.get(key);
    if (earlier !== undefined) {
      problem("value", `The same result is in row ${earlier}.`);
      continue;
    }
    inFile.set(key, row);
    const same = recorded.filter((r) => `${r.patientId}|${resultKey(r)}` === key);
    if (same.some((r) => r.voidedAt === null)) {
      present += 1;
      continue;
    }
    if (same.length) {
      problem("value", "This result was voided as entered in error on the patient's page; remove the row.");
      continue;
    }
    const unusual = prepared.plausibility.kind === "UNUSUAL" ? `${test.name}: ${prepared.plausibility.message}` : null;
    if (unusual) warnings.push({ row, column: "value", message: unusual });
    steps.push({ row, patientId: patient.id, mrn: patient.mrn, testName: test.name, data, unusual });
  }
  return { steps, present };
}

/** The cells that depend on the test: its unit, a pregnancy test's setting and date. */
function checkCells(test: CatalogueTest, value: LabImportRow, today: string): { column: string; message: string } | null {
  const isHcg = test.analyte === "HCG";
  if (isHcg && value.specimenDate >= today) return { column: "specimen_date", message: HCG_FROM_TODAY };
  if (isHcg && value.setting === null) return { column: "pregnancy_test_setting", message: "Enter where the pregnancy test was done: LAB, OFFICE or HOME." };
  if (!isHcg && value.setting !== null) return { column: "pregnancy_test_setting", message: "Only for pregnancy tests; leave it blank." };
  if (test.kind === "QUALITATIVE") {
    const extra = (["unit", "refLow", "refHigh"] as const).find((k) => value[k] !== null);
    const column = { unit: "unit", refLow: "reference_low", refHigh: "reference_high" } as const;
    return extra ? { column: column[extra], message: "Leave it blank for a result reported as negative or positive." } : null;
  }
  const units = acceptedUnits(test.analyte) ?? (test.unit ? [test.unit] : []);
  // A test the catalogue lists no unit for (a ratio such as the INR) takes none, as in the form and a laboratory's message.
  if (value.unit === null) return units.length ? { column: "unit", message: `Enter the result's unit: ${units.join(" or ")}.` } : null;
  if (units.length && !units.some((u) => u.toLowerCase() === value.unit!.toLowerCase()))
    return { column: "unit", message: `The unit ${value.unit} is not accepted for ${test.name}: use ${units.join(" or ")}.` };
  return null;
}

/**
 * A row's reference range that cannot be its test's in the row's unit (labRangeNotUsed, as a laboratory's
 * message is judged): refused on the limit at fault, the upper one first. A laboratory's message keeps its
 * result and judges it by the clinic's range; a file is corrected before it is imported.
 */
function rangeProblem(test: CatalogueTest, r: { refLow: number | null; refHigh: number | null; labRange: string | null }, unit: string | null) {
  const notUsed = (low: number | null, high: number | null) => labRangeNotUsed(test, { low, high, unit: null }, unit);
  const whole = notUsed(r.refLow, r.refHigh);
  if (!whole) return null;
  return {
    column: r.refHigh !== null && notUsed(null, r.refHigh) ? "reference_high" : "reference_low",
    message: `${test.name}: the reference range ${r.labRange} cannot be this test's: ${whole.why}. Correct it, or leave both limits empty for the clinic's range to apply.`,
  };
}
