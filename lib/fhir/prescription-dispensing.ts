import type { MedicationRequest } from "@medplum/fhirtypes";
import type { IsoDate } from "@/lib/domain/dates";
import { dispenseNote, type DispenseHold } from "@/lib/domain/pregnancy/dispensing";
import { notDispensableReason } from "@/lib/domain/dosing/supply";
import { formatDate } from "@/lib/format";

export interface RequestDispensing {
  status: MedicationRequest["status"];
  /** statusReason.text: why it is held or can no longer be dispensed, as the line under it says; null: nothing. */
  reason: string | null;
  /** On hold by the pregnancy-prevention rules: no validity period either. */
  held: boolean;
  /** The day a pharmacy dispensed it, on or before the day read; null when not recorded. */
  dispensedOn: IsoDate | null;
  /**
   * The note that says so, as the line under it does: "Dispensed on 23 Nov 2026", with what that date was confirmed as
   * when recorded ("Dispensed on 23 Nov 2026 while held: <why>"); null when not dispensed.
   */
  dispensedText: string | null;
  /** What one fill dispenses may be said as the instruction ("Dispense: …"); else as what it is ("One fill: …"). */
  instruct: boolean;
}

/**
 * A prescription's request as the line under it on the patient page reads it (dispense-line.tsx), from `status`, the
 * one the course's state gives it (requestStatus):
 * - dispensed (its dispensed date recorded): that fill was had, so a hold reaches only its refills, while it has
 *   any: on hold, "Do not dispense a refill: …" (dispenseNote); without refills nothing is left to hold. A fill
 *   confirmed when recorded as dispensed while held, after its last day to be dispensed or after its course's last
 *   day (`dispensedConfirmed`, dispensedWhileText) is not an ordinary one: its note says so, as its line does, and
 *   stays whatever holds it now. Its status does not: the holds are dispensing holds, and the fill was had, so
 *   holding the request would say that the fill could still be stopped, and would last only while the hold does;
 *   the note is what the client keeps of it, beside the day it was dispensed;
 * - never dispensed and no longer dispensable (notDispensableReason): it never ran its course, so never `completed`.
 *   FHIR R4 (medicationrequest-status): `cancelled` is "withdrawn before any administrations have occurred", which
 *   only a supply that never began (its start date after the course's last day, or after the day read when its last
 *   day to be dispensed passed first) can be said to be: a fill is recorded when known, so one whose supply had begun
 *   may have been taken. That one is `stopped`, "permanently halted, before all of the administrations occurred".
 *   Either way the reason is "Not to be dispensed: <why>", as the line under it says;
 * - otherwise held while a hold reaches it: on hold, "Do not dispense: …".
 */
export function requestDispensing(
  p: {
    startDate: IsoDate;
    dispenseBy: IsoDate | null;
    dispensedOn?: IsoDate | null;
    /** What its dispensed date was confirmed as, in words (DispenseNote.confirmed); absent or null: nothing. */
    dispensedConfirmed?: string | null;
    refills: number;
    holds: readonly DispenseHold[];
    enteredInError: boolean;
  },
  course: { status: string; endDate: IsoDate | null },
  status: MedicationRequest["status"],
  asOf: IsoDate,
): RequestDispensing {
  // A dispensed date after the day read is not yet a fill (lib/data/prescription-holds.ts reads it so too).
  const dispensedOn = p.dispensedOn && p.dispensedOn <= asOf ? p.dispensedOn : null;
  const dispensed = dispensedOn ? `Dispensed on ${formatDate(dispensedOn)}` : null;
  // Voided as entered in error, it dispenses nothing: only the fill it had is said, as its struck line says it.
  if (p.enteredInError) return { status: "entered-in-error", reason: null, held: false, dispensedOn, dispensedText: dispensed, instruct: false };
  const dispensedText = dispensed && p.dispensedConfirmed ? `${dispensed} ${p.dispensedConfirmed}` : dispensed;
  const endedOn = course.status === "COMPLETED" || course.status === "STOPPED" ? course.endDate : null;
  const closed = dispensedOn === null ? notDispensableReason(endedOn, p.dispenseBy, asOf) : null;
  if (closed) {
    const begun = p.startDate <= (endedOn ?? asOf);
    return { status: begun ? "stopped" : "cancelled", reason: `Not to be dispensed: ${closed}`, held: false, dispensedOn, dispensedText, instruct: false };
  }
  const hold = status === "active" || status === "on-hold" ? dispenseNote({ dispensedOn, refills: p.refills }, p.holds).hold : null;
  return { status: hold ? "on-hold" : status, reason: hold, held: hold !== null, dispensedOn, dispensedText, instruct: hold === null && dispensedOn === null };
}
