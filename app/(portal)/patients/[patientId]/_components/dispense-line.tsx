import type { TimelineEntry } from "@/lib/data/treatment";

/**
 * Under a prescription, on the patient page and the printed summary: what one fill dispenses
 * ("Dispense: 15 × 20 mg capsules (30 days)"), for the pharmacy and to catch a supply error. Nothing for
 * another entry, or a prescription voided as entered in error (it dispenses nothing).
 */
export function DispenseLine({ entry }: { entry: TimelineEntry }) {
  if (entry.kind !== "prescription" || entry.voided || !entry.dispense) return null;
  return (
    <span className="block text-slate-700" data-testid="rx-dispense">
      Dispense: {entry.dispense}
    </span>
  );
}
