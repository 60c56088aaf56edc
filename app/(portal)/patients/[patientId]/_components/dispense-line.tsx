import type { TimelineEntry } from "@/lib/data/treatment";

/** The live prescriptions that must not be dispensed, by id, with why ("Do not dispense: …"): the overview's heldPrescriptions. */
export type HeldPrescriptions = Record<string, string>;

/**
 * Under a prescription, on the patient page and the printed summary: what one fill dispenses
 * ("Dispense: 15 × 20 mg capsules (30 days)"), for the pharmacy and to catch a supply error. Nothing for
 * another entry, or a prescription voided as entered in error (it dispenses nothing). A prescription held by
 * the pregnancy-prevention rules reads "Do not dispense: <why>" instead, as the banner and the FHIR export say.
 */
export function DispenseLine({ entry, held }: { entry: TimelineEntry; held?: HeldPrescriptions | null }) {
  if (entry.kind !== "prescription" || entry.voided) return null;
  const hold = held?.[entry.id];
  if (hold)
    return (
      <span className="block font-medium text-red-800" data-testid="rx-dispense">
        {hold}
      </span>
    );
  if (!entry.dispense) return null;
  return (
    <span className="block text-slate-700" data-testid="rx-dispense">
      Dispense: {entry.dispense}
    </span>
  );
}
