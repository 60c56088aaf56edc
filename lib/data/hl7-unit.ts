import "server-only";
import { unitChoices } from "@/lib/domain/monitoring/units";
import type { Observation } from "@/lib/hl7/oru";

/*
 * A numeric result a laboratory sent without its unit (OBX-6 empty) is never recorded on the catalogue's
 * unit: 5.2 triglycerides is 5.2 mg/dL, or 460.6 mg/dL if the laboratory meant mmol/L, and only its report
 * says which. It waits for review (UNKNOWN_UNIT), and whoever attaches it chooses the unit the report gives.
 * A result reported as negative or positive has no unit and needs none.
 */

export const UNIT_MISSING_TEXT =
  "the laboratory sent no unit (OBX-6 is empty), and the value is not recorded on an assumed one: take the unit from the laboratory's report and choose it to attach the result.";
export const UNIT_REQUIRED = "Choose the unit the laboratory's report gives for this result: the laboratory sent it without one.";
export const UNIT_NOT_ASKED = "The laboratory sent this result's unit: leave the unit empty.";
/** A value that cannot be in the unit chosen for it (`why`: the limit it passes): the unit is chosen again. */
export const unitRefusedText = (o: Pick<Observation, "value" | "unit">, why: string) =>
  `${o.value} ${o.unit} is not a possible result (${why.replace(/\.$/, "")}): check the unit the laboratory's report gives and choose it.`;

/**
 * The units to choose from for an observation of this catalogue test, when the laboratory sent a number
 * without its unit; null when no unit is missing: the laboratory sent one, the result is not a number, no
 * test of the catalogue has its code, or the test itself has no unit (nothing would be assumed).
 */
export function unitsToChoose(o: Pick<Observation, "unit">, test: { kind: string; analyte: string; unit: string | null } | undefined): string[] | null {
  if (!test || test.kind !== "QUANTITATIVE" || o.unit?.trim()) return null;
  const choices = unitChoices(test);
  return choices.length ? choices : null;
}

/**
 * A waiting observation as it is attached: one sent without its unit takes the unit chosen (`chosen`), one
 * of unitsToChoose, and its range (OBX-7) is read in it; any other keeps what the laboratory sent, and a unit
 * chosen for it is refused. `byHand`: the unit was chosen by the person attaching it.
 */
export function attachedUnit(
  o: Observation,
  test: Parameters<typeof unitsToChoose>[1],
  chosen: string | undefined,
): { ok: true; o: Observation; byHand: boolean } | { ok: false; message: string } {
  const choices = unitsToChoose(o, test);
  if (!choices) return chosen ? { ok: false, message: UNIT_NOT_ASKED } : { ok: true, o, byHand: false };
  if (!chosen) return { ok: false, message: UNIT_REQUIRED };
  const unit = choices.find((u) => u.toLowerCase() === chosen.trim().toLowerCase());
  if (!unit) return { ok: false, message: `Choose a unit from the list: ${choices.join(" or ")}.` };
  return { ok: true, o: { ...o, unit }, byHand: true };
}
