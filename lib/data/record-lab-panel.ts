import "server-only";
import { db } from "@/lib/db";
import type { PregnancyTestSetting, QualitativeResult } from "@/lib/generated/prisma/enums";
import { pregnancyTestNotNegative } from "@/lib/domain/pregnancy/not-negative";
import { parseLabValue } from "@/lib/validation/lab";
import { confirmationsDue, invalidField, invalidFields, needsConfirmation, type Warning } from "@/lib/errors";
import type { AuditActor } from "./audit";
import { getThresholds } from "./config";
import { beforeBirthOf } from "./date-of-birth-check";
import { addedPregnancyTest, addedPregnancyTestText, canonicalLabValue, prepareLabRow, type CatalogueTest } from "./lab-rows";
import { lockPatient } from "./locks";
import { findDuplicates, saveLabRows, unusualCode, type LabRowData } from "./save-lab-rows";
import { assertMay } from "./viewer";

export interface LabPanelInput {
  patientId: string;
  submissionId: string;
  specimenDate: string;
  pregnancyTestSetting?: PregnancyTestSetting;
  values: { labTestId: string; value: string; unit?: string }[];
  /** Confirmed warnings: unusual values and deliberate duplicates (tokens of codes from save-lab-rows.ts, lib/errors.ts). */
  ack?: string[];
}

/**
 * Each value of a panel checked against its test in the catalogue: a number or a qualitative result as the
 * test takes, a pregnancy test with where it was done, a unit the test takes, a value that is physiologically
 * possible. Every problem is named by its field; none depends on the specimen date, so they are reported with
 * the date's own. The values that pass are returned with their test, to be stored.
 */
export function checkPanelValues(tests: CatalogueTest[], values: LabPanelInput["values"], pregnancyTestSetting: PregnancyTestSetting | undefined) {
  const fieldErrors: Record<string, string[]> = {};
  const passed: { test: CatalogueTest; parsed: { numeric: string | null; qualitative: QualitativeResult | null }; unit: string | null }[] = [];
  for (const v of values) {
    const test = tests.find((t) => t.id === v.labTestId);
    if (!test) {
      fieldErrors._form = ["The form is out of date. Reload the page."];
      continue;
    }
    if (addedPregnancyTest(test)) {
      fieldErrors[`value:${test.id}`] = [addedPregnancyTestText(test)];
      continue;
    }
    const parsed = parseLabValue(test.kind, v.value);
    if (!parsed.ok) {
      fieldErrors[`value:${test.id}`] = [parsed.message];
      continue;
    }
    if (test.analyte === "HCG" && !pregnancyTestSetting) {
      fieldErrors.pregnancyTestSetting = ["Choose where the pregnancy test was done."];
      continue;
    }
    const unit = v.unit ?? null;
    const checked = parsed.numeric === null ? null : canonicalLabValue(test, parsed.numeric, unit ?? test.unit);
    if (checked && !checked.ok) {
      fieldErrors[`${checked.field}:${test.id}`] = [checked.message];
      continue;
    }
    passed.push({ test, parsed, unit });
  }
  return { fieldErrors, passed };
}

/**
 * The problems of the values of a panel the form's schema refused (an empty or impossible specimen date, say),
 * so that the answer names them with the schema's: the nurse fixes every field at once. Reads the catalogue
 * only, and writes nothing.
 */
export async function labPanelValueProblems(
  actor: AuditActor,
  input: Pick<LabPanelInput, "values" | "pregnancyTestSetting">,
): Promise<Record<string, string[]>> {
  assertMay(actor, "labs.write");
  if (input.values.length === 0) return {};
  const tests = await db.labTest.findMany({ where: { id: { in: input.values.map((v) => v.labTestId) } } });
  return checkPanelValues(tests, input.values, input.pregnancyTestSetting).fieldErrors;
}

/**
 * Records a panel in one transaction with its audit row. Each value is converted to its analyte's canonical
 * unit (the value and unit as entered are kept), refused when physiologically impossible (the limit named),
 * and flagged from the clinic's thresholds. An unusual value or a repeat of an existing result (same
 * analyte, specimen date and value) needs an explicit confirmation. Re-submitting the same form (same
 * submission id) inserts nothing more: (submission_id, lab_test_id) is unique. A specimen date in the future
 * is refused together with the values' problems, as is one before the patient's date of birth.
 */
export async function recordLabPanel(actor: AuditActor, input: LabPanelInput, today: string) {
  assertMay(actor, "labs.write");
  const [tests, thresholds, beforeBirth] = await Promise.all([
    db.labTest.findMany({ where: { id: { in: input.values.map((v) => v.labTestId) } } }),
    getThresholds(input.specimenDate, db),
    beforeBirthOf(db, input.patientId, input.specimenDate),
  ]);
  const { fieldErrors, passed } = checkPanelValues(tests, input.values, input.pregnancyTestSetting);
  if (input.specimenDate > today) fieldErrors.specimenDate = ["The specimen date cannot be in the future."];
  else if (beforeBirth) fieldErrors.specimenDate = [beforeBirth];
  if (Object.keys(fieldErrors).length) throw invalidFields(fieldErrors);
  const entry = {
    patientId: input.patientId,
    specimenDate: input.specimenDate,
    pregnancyTestSetting: input.pregnancyTestSetting ?? null,
    submissionId: input.submissionId,
    enteredById: actor.id,
  };
  const warnings: Warning[] = [];
  const rows: LabRowData[] = [];
  for (const { test, parsed, unit } of passed) {
    const prepared = prepareLabRow(test, parsed, thresholds, entry, unit);
    // Its unit and plausibility passed checkPanelValues: a refusal here is that same check's.
    if (!prepared.ok) throw invalidField(`${prepared.field}:${test.id}`, prepared.message);
    if (prepared.plausibility.kind === "UNUSUAL") warnings.push({ code: unusualCode(test.id), message: `${test.name}: ${prepared.plausibility.message}` });
    rows.push(prepared.row);
  }
  const ack = input.ack ?? [];
  return db.$transaction(async (tx) => {
    const names = new Map(tests.map((t) => [t.id, t.name]));
    // Another entry or import of this patient's results waits here: the repeats found are all of them.
    await lockPatient(tx, input.patientId);
    const duplicates = await findDuplicates(tx, input.patientId, rows, names);
    const { pending, acknowledged } = confirmationsDue([...warnings, ...duplicates.warnings], ack);
    if (pending.length) throw needsConfirmation("Check these results, then confirm to save them.", pending);
    const data = rows.map((r) => ({ ...r, duplicateOfId: duplicates.copyOf(r) }));
    const inserted = await saveLabRows(tx, actor, input.patientId, data, {
      action: "lab.record",
      entityId: input.submissionId,
      changes: { specimenDate: input.specimenDate, confirmed: acknowledged.length ? acknowledged.map((c) => c.split(":")[0]) : undefined },
    });
    // A pregnancy test that is not negative stops prescribing: the nurse is told so at once (labs-actions.ts).
    const pregnancyNotNegative = rows.filter(pregnancyTestNotNegative).length;
    return { inserted, flagged: rows.filter((r) => r.flag !== "NORMAL").length, pregnancyNotNegative };
  });
}
