import type { TimelineEntry } from "@/lib/data/treatment";
import type { DispenseNote } from "@/lib/domain/pregnancy";
import { formatDate } from "@/lib/format";

/**
 * What the dispensing rules say under live prescriptions, by id: why one must not be dispensed, or the day a pharmacy
 * dispensed it (the overview's heldPrescriptions, dispenseNote in lib/domain/pregnancy/dispensing.ts).
 */
export type HeldPrescriptions = Record<string, DispenseNote>;

/**
 * Under a prescription, on the patient page and the printed summary: what one fill dispenses
 * ("Dispense: 15 × 20 mg capsules (30 days)"), for the pharmacy and to catch a supply error. Nothing for
 * another entry, or a prescription voided as entered in error (it dispenses nothing). A prescription held by
 * the pregnancy-prevention rules reads "Do not dispense: <why>" instead, as the banner and the FHIR export say.
 * One a pharmacy dispensed says so, with what one fill dispenses ("Dispensed on 23 Nov 2026 · one fill: …"): a
 * hold no longer reaches that fill, only its refills while it has any ("Dispensed on … · Do not dispense a
 * refill: <why>"). One never recorded as dispensed that no longer can be (its course ended, its last day to be
 * dispensed passed) says what one fill was and why it is not to be dispensed, instead of the instruction.
 */
export function DispenseLine({ entry, held }: { entry: TimelineEntry; held?: HeldPrescriptions | null }) {
  if (entry.kind !== "prescription" || entry.voided) return null;
  const note = held?.[entry.id];
  const dispensed = note?.dispensedOn ? `Dispensed on ${formatDate(note.dispensedOn)}` : null;
  if (note?.hold)
    return (
      <span className="block font-medium text-red-800" data-testid="rx-dispense">
        {dispensed ? `${dispensed} · ${note.hold}` : note.hold}
      </span>
    );
  if (dispensed)
    return (
      <span className="block text-slate-700" data-testid="rx-dispense">
        {entry.dispense ? `${dispensed} · one fill: ${entry.dispense}` : dispensed}
      </span>
    );
  if (entry.closed)
    return (
      <span className="block text-slate-700" data-testid="rx-dispense">
        {entry.dispense ? `One fill: ${entry.dispense} · ` : ""}not to be dispensed: {entry.closed}
      </span>
    );
  if (!entry.dispense) return null;
  return (
    <span className="block text-slate-700" data-testid="rx-dispense">
      Dispense: {entry.dispense}
    </span>
  );
}
