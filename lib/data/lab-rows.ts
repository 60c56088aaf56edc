import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { db } from "@/lib/db";
import { effectiveRange, flagResult } from "@/lib/domain/monitoring/flags";
import { checkPlausibility, type Plausibility } from "@/lib/domain/monitoring/plausibility";
import { toCanonical } from "@/lib/domain/monitoring/units";
import type { PregnancyTestSetting, QualitativeResult } from "@/lib/generated/prisma/enums";
import { invalidField } from "@/lib/errors";
import { isPregnancyTestObservation } from "@/lib/hl7/interpret";
import type { getThresholds } from "./config";

export const num = (d: { toString(): string } | null) => (d === null ? null : Number(d.toString()));

/**
 * A result's identity when repeats are looked for: its analyte, specimen date and value as stored (canonical,
 * so 182 and 182.0, or 2.0 mmol/L and 177.1 mg/dL, are one result). Recorded rows and rows about to be
 * recorded give the same key for the same result.
 */
export function resultKey(r: { analyte: string; specimenDate: Date; valueNumeric: { toString(): string } | null; valueQualitative: string | null }): string {
  return [r.analyte, isoFromDb(r.specimenDate), r.valueNumeric !== null ? num(r.valueNumeric) : r.valueQualitative].join("|");
}

export type CatalogueTest = Awaited<ReturnType<typeof db.labTest.findMany>>[number];

export interface LabEntry {
  patientId: string;
  specimenDate: string;
  pregnancyTestSetting: PregnancyTestSetting | null;
  submissionId: string;
  /** Null when a lab interface sent the result (hl7MessageId names the message). */
  enteredById: string | null;
  hl7MessageId?: string | null;
}

/** What a laboratory sent with the value (HL7 OBX-6, OBX-7, OBX-8); absent for hand entry. */
export interface Received {
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  labRange: string | null;
  labFlag: string | null;
}

/**
 * The laboratory's own range a stored result was received with (HL7 OBX-7, or a range column of an
 * imported file), so that a corrected value is judged by it as the original was (docs/DOMAIN.md "Flag
 * rules"): its stored limits, in the canonical unit, a defaulted upper limit left to default again. Not the
 * laboratory's flag, which was about the value replaced. Undefined for a result entered by hand: the
 * catalogue's range applies.
 */
export function receivedRangeOf(old: {
  unit: string | null;
  refLow: { toString(): string } | null;
  refHigh: { toString(): string } | null;
  refHighDefaulted: boolean;
  labRange: string | null;
}): Received | undefined {
  if (old.labRange === null) return undefined;
  return { unit: old.unit, refLow: num(old.refLow), refHigh: old.refHighDefaulted ? null : num(old.refHigh), labRange: old.labRange, labFlag: null };
}

export type PreparedValue =
  { ok: false; field: "value" | "unit"; message: string } | { ok: true; row: ReturnType<typeof buildRow>; plausibility: Plausibility };

type RefusedValue = Extract<PreparedValue, { ok: false }>;

/**
 * A numeric value in its analyte's canonical unit, with its plausibility: refused for a unit the test does not
 * take or a value that is physiologically impossible. Nothing here depends on the specimen date (the flag does,
 * through the thresholds in force that day), so a panel's values are checked even when its date is refused.
 */
export function canonicalLabValue(
  test: Pick<CatalogueTest, "analyte" | "unit">,
  numeric: string,
  enteredUnit: string | null,
): RefusedValue | { ok: true; canonical: { value: number; unit: string }; plausibility: Plausibility } {
  const c = toCanonical(test.analyte, Number(numeric), enteredUnit, test.unit);
  if (!c.ok) return { ok: false, field: "unit", message: c.message };
  const canonical = { value: c.value, unit: c.unit || (enteredUnit ?? "") };
  const plausibility = checkPlausibility(test.analyte, c.value, canonical.unit);
  if (plausibility.kind === "IMPOSSIBLE") return { ok: false, field: "value", message: plausibility.message };
  return { ok: true, canonical, plausibility };
}

const canonicalOrNull = (analyte: string, v: number | null, unit: string | null) => {
  if (v === null) return null;
  const c = toCanonical(analyte, v, unit);
  return c.ok ? c.value : null;
};

/**
 * A test the clinic added as a test of its own whose code or name reads as a pregnancy test
 * (isPregnancyTestObservation), as the catalogue took one before it refused them (lib/validation/lab.ts). The
 * pregnancy-prevention rules read only the catalogue's hCG tests: a positive recorded under it would stop no
 * prescription, so nothing is recorded under it (prepareLabRow), it is not offered on the entry form and it
 * is not offered again once retired. A laboratory's result under its code waits in the queue as a pregnancy test.
 */
export const addedPregnancyTest = (test: Pick<CatalogueTest, "analyte" | "code" | "name">) =>
  test.analyte !== "HCG" && isPregnancyTestObservation({ code: test.code, codeText: test.name }, []);

/** Why nothing is recorded under such a test, and where a pregnancy test is recorded instead. */
export const addedPregnancyTestText = (test: Pick<CatalogueTest, "name">) =>
  `${test.name} reads as a pregnancy test, but the lab catalogue holds it as a test of its own, which the pregnancy-prevention rules do not read: no result is recorded under it. Record a pregnancy test on the catalogue's hCG tests (negative, positive or indeterminate; a quantitative hCG as its interpretation).`;

/**
 * One result as stored: the value and unit as entered beside the canonical ones, the range it is judged
 * by (the lab's if it sent one, else the catalogue's, each in canonical units; a missing upper limit takes
 * the catalogue default), its plausibility and its flag from the clinic's thresholds.
 */
export function prepareLabRow(
  test: CatalogueTest,
  parsed: { numeric: string | null; qualitative: QualitativeResult | null },
  thresholds: Awaited<ReturnType<typeof getThresholds>>,
  entry: LabEntry,
  unit: string | null,
  received?: Received,
): PreparedValue {
  if (addedPregnancyTest(test)) return { ok: false, field: "value", message: addedPregnancyTestText(test) };
  const enteredUnit = unit ?? received?.unit ?? test.unit;
  let canonical: { value: number; unit: string } | null = null;
  let plausibility: Plausibility = { kind: "OK" };
  if (parsed.numeric !== null) {
    const checked = canonicalLabValue(test, parsed.numeric, enteredUnit);
    if (!checked.ok) return checked;
    ({ canonical, plausibility } = checked);
  }
  // The laboratory's range is in the unit it sent; without one, the catalogue's range is in the test's unit.
  const labRange = received && (received.refLow !== null || received.refHigh !== null) ? received : null;
  const rangeUnit = labRange ? labRange.unit : test.unit;
  const lowIn = labRange ? labRange.refLow : num(test.refLow);
  const highIn = labRange ? labRange.refHigh : num(test.refHigh);
  const range =
    test.kind === "QUANTITATIVE"
      ? effectiveRange(test.analyte, canonicalOrNull(test.analyte, lowIn, rangeUnit), canonicalOrNull(test.analyte, highIn, rangeUnit))
      : { refLow: null, refHigh: null, refHighDefaulted: false };
  const f = flagResult(
    {
      analyte: test.analyte,
      valueNumeric: canonical?.value ?? null,
      unit: canonical?.unit ?? null,
      valueQualitative: parsed.qualitative,
      ...range,
      actionHigh: canonicalOrNull(test.analyte, num(test.actionHigh), test.unit),
      criticalHigh: canonicalOrNull(test.analyte, num(test.criticalHigh), test.unit),
    },
    thresholds,
  );
  const row = buildRow(test, entry, {
    valueNumeric: canonical === null ? null : String(canonical.value),
    valueQualitative: parsed.qualitative,
    unit: canonical?.unit ?? test.unit,
    enteredValue: parsed.numeric,
    enteredUnit: parsed.numeric === null ? null : enteredUnit,
    refLow: range.refLow === null ? null : String(range.refLow),
    refHigh: range.refHigh === null ? null : String(range.refHigh),
    refHighDefaulted: range.refHighDefaulted,
    labRange: received?.labRange ?? null,
    labFlag: received?.labFlag ?? null,
    flag: f.flag,
    flagReason: f.reason,
  });
  return { ok: true, row, plausibility };
}

function buildRow(
  test: CatalogueTest,
  entry: LabEntry,
  values: {
    valueNumeric: string | null;
    valueQualitative: QualitativeResult | null;
    unit: string | null;
    enteredValue: string | null;
    enteredUnit: string | null;
    refLow: string | null;
    refHigh: string | null;
    refHighDefaulted: boolean;
    labRange: string | null;
    labFlag: string | null;
    flag: ReturnType<typeof flagResult>["flag"];
    flagReason: string | null;
  },
) {
  return {
    patientId: entry.patientId,
    labTestId: test.id,
    code: test.code,
    codeSystem: test.codeSystem,
    analyte: test.analyte,
    specimenDate: dbDate(entry.specimenDate),
    ...values,
    pregnancyTestSetting: test.analyte === "HCG" ? entry.pregnancyTestSetting : null,
    submissionId: entry.submissionId,
    enteredById: entry.enteredById,
    hl7MessageId: entry.hl7MessageId ?? null,
  };
}

/**
 * The row of one value in the given unit (the test's by default), judged by the laboratory's range when one
 * is given (else the catalogue's); an impossible value or unit is refused.
 */
export function labRow(
  test: CatalogueTest,
  parsed: { numeric: string | null; qualitative: QualitativeResult | null },
  thresholds: Awaited<ReturnType<typeof getThresholds>>,
  entry: LabEntry,
  unit: string | null = null,
  received?: Received,
) {
  const p = prepareLabRow(test, parsed, thresholds, entry, unit, received);
  if (!p.ok) throw invalidField("value", p.message);
  return p.row;
}
