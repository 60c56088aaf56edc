import "server-only";
import type { LabThresholds } from "@/lib/domain/monitoring/flags";
import { needsDermatologist, resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { catalogueTestOf, observationRow, type CatalogueTest } from "./hl7-observation";
import { unitsToChoose } from "./hl7-unit";

/*
 * Which waiting results of the review queue are critical, listed first. Pure: the catalogue and the clinic's
 * thresholds in force on the specimen date are given. A value is judged as attaching it would judge it
 * (observationRow: the catalogue's test, the unit converted, the laboratory's range, the clinic's levels,
 * lib/domain/monitoring/flags.ts), so the queue calls critical exactly what the chart would flag CRITICAL.
 */

/** In one unit a number sent without its unit could be in, the value reaches a critical level: the flag's sentence. */
export interface CriticalReading {
  unit: string;
  reason: string;
}

/**
 * A waiting value at a critical level (`reason`: the flag's sentence, "400 U/L · above the lab range 7–40 ·
 * above the critical level 200 (5× ULN)"), or a number sent without its unit that is critical in one or more
 * of the units it could be in (`readings`). `test`: the catalogue's name of the test, never the patient.
 */
export type CriticalValue = { kind: "CRITICAL"; test: string; reason: string } | { kind: "MAY_BE_CRITICAL"; test: string; readings: CriticalReading[] };

/** The row observationRow builds is only read for its flag: it is for no patient and is never stored. */
const JUDGED_ONLY = { patientId: "", specimenDate: "", pregnancyTestSetting: null, submissionId: "", enteredById: null };

/** The flag's sentence when the observation, as sent, is a result the chart would flag CRITICAL; else null. */
function criticalReason(o: Observation, tests: CatalogueTest[], thresholds: LabThresholds): string | null {
  // An unusual value is judged too: the queue is where it waits to be confirmed.
  const outcome = observationRow(o, tests, thresholds, JUDGED_ONLY, true);
  return outcome.ok && outcome.row.flag === "CRITICAL" ? (outcome.row.flagReason ?? "") : null;
}

/**
 * Whether a waiting number reaches a critical level of these thresholds (those in force on its specimen date):
 * judged in the unit the laboratory sent; sent without one (unitsToChoose), in each unit it could be in,
 * "may be critical" when it is in any. Not a number of a catalogue test (a pregnancy test has its own rule,
 * needsDermatologist; an unknown test or unit, or a value the portal cannot record, cannot be judged), or a
 * result the laboratory retracted (the value is its own error): null. A preliminary or otherwise not final
 * value is judged: the laboratory may well confirm it.
 */
export function criticalValue(o: Observation, tests: CatalogueTest[], thresholds: LabThresholds): CriticalValue | null {
  const test = catalogueTestOf(o, tests);
  if (!test || test.kind !== "QUANTITATIVE" || resultStatus(o.status ?? "") === "RETRACTED") return null;
  const choices = unitsToChoose(o, test);
  if (!choices) {
    const reason = criticalReason(o, tests, thresholds);
    return reason === null ? null : { kind: "CRITICAL", test: test.name, reason };
  }
  const readings = choices.flatMap((unit) => {
    const reason = criticalReason({ ...o, unit }, tests, thresholds);
    return reason === null ? [] : [{ unit, reason }];
  });
  return readings.length ? { kind: "MAY_BE_CRITICAL", test: test.name, readings } : null;
}

/** What the queue says of a waiting entry: listed first or not, whether only a dermatologist dismisses it, and why. */
export interface QueueCritical {
  /** Listed with the critical entries, first: a pregnancy test for a dermatologist, or a value at a critical level. */
  critical: boolean;
  /** A pregnancy test that is not a plain final negative (needsDermatologist): only a dermatologist dismisses it. */
  dermatologistOnly: boolean;
  criticalValue: CriticalValue | null;
}

export function queueCritical(o: Observation, pregnancyTest: boolean, tests: CatalogueTest[], thresholds: LabThresholds): QueueCritical {
  const dermatologistOnly = needsDermatologist(o, pregnancyTest);
  const value = pregnancyTest ? null : criticalValue(o, tests, thresholds);
  return { critical: dermatologistOnly || value !== null, dermatologistOnly, criticalValue: value };
}

/**
 * The label the queue shows: "Critical value: ALT" with the flag's sentence; "May be critical: Triglycerides"
 * with "critical if mmol/L (2214.3 mg/dL · … · at or above the critical level 800)", each unit named (units
 * read the same, together).
 */
export function criticalValueText(v: CriticalValue): { badge: string; detail: string } {
  if (v.kind === "CRITICAL") return { badge: `Critical value: ${v.test}`, detail: v.reason };
  // Units read the same (U/L and IU/L: one unit of enzyme activity) are named together, with their one reading.
  const byReason = new Map<string, string[]>();
  for (const r of v.readings) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.unit]);
  const readings = [...byReason].map(([reason, units]) => `critical if ${units.join(" or ")} (${reason})`);
  return { badge: `May be critical: ${v.test}`, detail: `Sent without its unit: ${readings.join("; ")}.` };
}
