import type { TimelineEntry } from "@/lib/data/treatment";

/** The prescription that must not be dispensed, with why ("Do not dispense: …"), as the banner names it. */
export interface HeldPrescription {
  prescriptionId: string;
  text: string;
}

/**
 * Under a prescription, on the patient page and the printed summary: what one fill dispenses
 * ("Dispense: 15 × 20 mg capsules (30 days)"), for the pharmacy and to catch a supply error. Nothing for
 * another entry, or a prescription voided as entered in error (it dispenses nothing). A prescription held by
 * the pregnancy-prevention rules reads "Do not dispense: <why>" instead, as the banner does.
 */
export function DispenseLine({ entry, held }: { entry: TimelineEntry; held?: HeldPrescription | null }) {
  if (entry.kind !== "prescription" || entry.voided) return null;
  if (held?.prescriptionId === entry.id)
    return (
      <span className="block font-medium text-red-800" data-testid="rx-dispense">
        {held.text}
      </span>
    );
  if (!entry.dispense) return null;
  return (
    <span className="block text-slate-700" data-testid="rx-dispense">
      Dispense: {entry.dispense}
    </span>
  );
}
