import type { Dispensed } from "@/lib/data/record-dispensing-rows";
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
 * another entry. One never recorded as dispensed that no longer can be (its course ended, its last day to be
 * dispensed passed) says what one fill was and why it is not to be dispensed, instead of the instruction, a
 * pregnancy hold or not (its FHIR request says the same, lib/fhir/prescription-dispensing.ts). A prescription held by
 * the pregnancy-prevention rules reads "Do not dispense: <why>" instead, as the banner and the FHIR export say. One a
 * pharmacy dispensed says so, with what one fill dispenses ("Dispensed on 23 Nov 2026 · one fill: …"): a hold no
 * longer reaches that fill, only its refills while it has any ("Dispensed on … · Do not dispense a refill: <why>"); a
 * date confirmed when recorded (dispensedWhileText) says so after it, whatever holds it now ("Dispensed on 23 Nov 2026
 * while held: <why> · one fill: …"), so the prescriber sees it; a date corrected since it was first recorded says so
 * ("Dispensed on 23 Nov 2026 (corrected)"), the dates recorded in its title. A prescription voided as entered in
 * error dispenses nothing: only the day it was dispensed, when it was, is said under it (the fill happened, and its
 * pregnancy test stays used).
 */
export function DispenseLine({ entry, held }: { entry: TimelineEntry; held?: HeldPrescriptions | null }) {
  if (entry.kind !== "prescription") return null;
  const dispensed = entry.dispensed ? `Dispensed on ${formatDate(entry.dispensed.on)}${entry.dispensed.history.length > 1 ? " (corrected)" : ""}` : null;
  const title = entry.dispensed && entry.dispensed.history.length > 1 ? dispensingHistoryText(entry.dispensed) : undefined;
  if (entry.voided)
    return dispensed ? (
      <span className="block text-slate-600" data-testid="rx-dispense" title={title}>
        {dispensed}
      </span>
    ) : null;
  if (!dispensed && entry.closed)
    return (
      <span className="block text-slate-700" data-testid="rx-dispense">
        {entry.dispense ? `One fill: ${entry.dispense} · ` : ""}not to be dispensed: {entry.closed}
      </span>
    );
  const note = held?.[entry.id];
  const dispensedAs = dispensed && note?.confirmed ? `${dispensed} ${note.confirmed}` : dispensed;
  if (note?.hold)
    return (
      <span className="block font-medium text-red-800" data-testid="rx-dispense" title={title}>
        {dispensedAs ? `${dispensedAs} · ${note.hold}` : note.hold}
      </span>
    );
  if (dispensedAs)
    return (
      <span className={`block ${note?.confirmed ? "font-medium text-amber-900" : "text-slate-700"}`} data-testid="rx-dispense" title={title}>
        {entry.dispense ? `${dispensedAs} · one fill: ${entry.dispense}` : dispensedAs}
      </span>
    );
  if (!entry.dispense) return null;
  return (
    <span className="block text-slate-700" data-testid="rx-dispense">
      Dispense: {entry.dispense}
    </span>
  );
}

/** Every dispensed date recorded, first first: "Recorded 20 Nov 2026 (Ann Lee, 21 Nov 2026); corrected to 22 Nov 2026 (…): <reason>". */
export function dispensingHistoryText(d: Dispensed): string {
  return d.history
    .map((r, i) => `${i === 0 ? "Recorded" : "corrected to"} ${formatDate(r.on)} (${r.by}, ${formatDate(r.recordedOn)})${r.reason ? `: ${r.reason}` : ""}`)
    .join("; ");
}

/**
 * On the course card, under a prescription whose dispensed date was corrected: every date recorded, the first first,
 * with who recorded it, on which day and, for a correction, why (the line's title says the same).
 */
export function DispensingHistory({ entry }: { entry: TimelineEntry }) {
  if (entry.kind !== "prescription" || !entry.dispensed || entry.dispensed.history.length < 2) return null;
  return (
    <details className="text-xs text-slate-600" data-testid="dispensing-history">
      <summary className="cursor-pointer">Dispensed dates recorded ({entry.dispensed.history.length})</summary>
      <ol className="ml-4 list-decimal">
        {entry.dispensed.history.map((r, i) => (
          <li key={i}>
            {i === 0 ? "Dispensed on" : "Corrected to"} {formatDate(r.on)} · recorded by {r.by} on {formatDate(r.recordedOn)}
            {r.reason ? ` · ${r.reason}` : ""}
          </li>
        ))}
      </ol>
    </details>
  );
}
