import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { pregnancyTestNotNegative } from "@/lib/domain/pregnancy/not-negative";
import { needsDermatologist } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { getThresholds } from "./config";
import type { CatalogueTest } from "./hl7-observation";
import { criticalValueText, queueCritical } from "./hl7-queue-critical";

/*
 * Which results of an imported message need the clinic today, so that the page that answers an upload says so
 * first: attached, a pregnancy test that is not negative (prescribing is stopped: pregnancyTestNotNegative, as a
 * hand entry judges it) or a value the chart flags CRITICAL (flagResult, lib/domain/monitoring/flags.ts, as
 * every entry judges it); waiting under Unfiled lab results, any pregnancy test, or a value the queue lists as
 * critical (queueCritical, lib/data/hl7-queue-critical.ts). Ids, tests and values only: the page names patients.
 */

/** A waiting result of the message, as its queue entry was written (queueHold: the patient whose prescribing it holds). */
export interface WaitingResult {
  entryId: string;
  o: Observation;
  pregnancyTest: boolean;
  patientId: string | null;
  holdsPatientId: string | null;
}

export type UrgentResult =
  | { kind: "PREGNANCY_ATTACHED"; patientId: string; result: "POSITIVE" | "INDETERMINATE"; specimenDate: string }
  /** `reason`: the flag's sentence, the value and unit first; `sent`: the value and unit as the laboratory sent them, when converted. */
  | { kind: "CRITICAL_ATTACHED"; patientId: string; test: string; reason: string; sent: string | null }
  /**
   * `forDermatologist`: anything but a plain final negative, which only a dermatologist dismisses (needsDermatologist);
   * `stopsPrescribing`: such a test held for a patient (matched, or the one with the MRN: queueHold), as the
   * prescribing check counts waiting tests (lib/data/pregnancy-history.ts). One waiting for an MRN no patient has
   * holds the patient given that MRN later (lib/data/hl7-queue-holds.ts).
   */
  | {
      kind: "PREGNANCY_WAITING";
      entryId: string;
      patientId: string | null;
      observation: Observation;
      forDermatologist: boolean;
      stopsPrescribing: boolean;
      /** Held for the patient with its MRN, whose date of birth is not the one the laboratory gave: perhaps another person's. */
      dobDiffers: boolean;
    }
  /** `badge` and `detail`: as the queue shows the entry (criticalValueText). */
  | { kind: "CRITICAL_WAITING"; entryId: string; patientId: string | null; badge: string; detail: string };

const num = (v: { toString(): string } | null) => (v === null ? null : String(Number(v.toString())));

/**
 * The results of the message recorded on a chart and still current (a final its correction replaced in the same
 * message is voided) that need the clinic today, in the message's order. A copy of a result already on file (the
 * same test, date and value, entered by hand or imported before) is that result, already told of: left out.
 */
async function attachedUrgent(tx: Tx, ids: string[]): Promise<UrgentResult[]> {
  if (ids.length === 0) return [];
  const rows = await tx.labResult.findMany({
    where: { id: { in: ids }, voidedAt: null, duplicateOfId: null },
    select: {
      id: true,
      patientId: true,
      analyte: true,
      flag: true,
      flagReason: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      enteredValue: true,
      enteredUnit: true,
      specimenDate: true,
      labTest: { select: { name: true } },
    },
  });
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .flatMap((r): UrgentResult[] => {
      if (pregnancyTestNotNegative(r)) {
        const result = r.valueQualitative === "POSITIVE" ? "POSITIVE" : "INDETERMINATE";
        return [{ kind: "PREGNANCY_ATTACHED", patientId: r.patientId, result, specimenDate: isoFromDb(r.specimenDate) }];
      }
      if (r.analyte === "HCG" || r.flag !== "CRITICAL") return [];
      const value = `${num(r.valueNumeric)} ${r.unit ?? ""}`.trim();
      const entered = `${num(r.enteredValue)} ${r.enteredUnit ?? ""}`.trim();
      const converted = r.enteredValue !== null && r.enteredUnit !== null && r.enteredUnit !== r.unit;
      return [{ kind: "CRITICAL_ATTACHED", patientId: r.patientId, test: r.labTest.name, reason: r.flagReason ?? value, sent: converted ? entered : null }];
    });
}

/** The waiting results of the message that are pregnancy tests (any value) or critical, in the order they were queued. */
async function waitingUrgent(tx: Tx, tests: CatalogueTest[], waiting: WaitingResult[]): Promise<UrgentResult[]> {
  const urgent: UrgentResult[] = [];
  for (const w of waiting) {
    const base = { entryId: w.entryId, patientId: w.patientId ?? w.holdsPatientId };
    if (w.pregnancyTest) {
      const forDermatologist = needsDermatologist(w.o, true);
      const dobDiffers = w.patientId === null && w.holdsPatientId !== null;
      urgent.push({
        kind: "PREGNANCY_WAITING",
        ...base,
        observation: w.o,
        forDermatologist,
        stopsPrescribing: forDermatologist && w.holdsPatientId !== null,
        dobDiffers,
      });
      continue;
    }
    // Judged as the queue judges it: by the clinic's thresholds in force on its specimen date.
    const { criticalValue } = queueCritical(w.o, false, tests, await getThresholds(w.o.specimenDate, tx));
    if (criticalValue) urgent.push({ kind: "CRITICAL_WAITING", ...base, ...criticalValueText(criticalValue) });
  }
  return urgent;
}

/** What of a message needs the clinic today: the results it attached (their row ids), then those it left waiting. */
export async function urgentResults(tx: Tx, tests: CatalogueTest[], attachedIds: string[], waiting: WaitingResult[]): Promise<UrgentResult[]> {
  return [...(await attachedUrgent(tx, attachedIds)), ...(await waitingUrgent(tx, tests, waiting))];
}
