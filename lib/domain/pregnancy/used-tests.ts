import { formatDate } from "@/lib/format";
import {
  prescriptionsWhileCanBecomePregnant,
  type PregnancyHistory,
  type PregnancyTest,
  type PrescriptionRecord,
  type VoidedDispensedPrescription,
} from "./history";

/*
 * Which negative tests a prescription may no longer rest on, and how the prescriber is told (iPLEDGE and the PPP: a
 * negative test before each prescription). The prescriptions that used tests are prescriptionsWhileCanBecomePregnant
 * (history.ts): the live ones, and those a pharmacy dispensed before they were voided as entered in error.
 */

/** Was this prescription dispensed and then voided as entered in error? */
export const dispensedThenVoided = (p: PrescriptionRecord): p is VoidedDispensedPrescription => (p as Partial<VoidedDispensedPrescription>).voided === true;

/** What follows the date of a prescription dispensed and then voided, where a message names it (empty for any other). */
export const filledBeforeVoid = (p: PrescriptionRecord) =>
  dispensedThenVoided(p) ? `, dispensed on ${formatDate(p.dispensedOn)} before it was marked as entered in error` : "";

/**
 * Each prescription rests on a negative test of its own: one collected after the latest prescription
 * written while the patient could become pregnant (of any course, whatever its date; one dispensed and then
 * voided as entered in error counts, as its fill did), so that a test used by, or collected before, the
 * previous prescription never backs the next.
 */
export function testAlreadyUsed(h: PregnancyHistory, test: PregnancyTest): string | null {
  const written = prescriptionsWhileCanBecomePregnant(h);
  const latest = written.at(-1);
  if (!latest || test.specimenDate > latest.writtenOn) return null;
  const usedBy = written.find((p) => p.pregnancyTestId === test.id);
  return usedBy
    ? `Each prescription needs a new negative pregnancy test: the latest one (${formatDate(test.specimenDate)}) was already used for the prescription of ` +
        `${formatDate(usedBy.writtenOn)}${filledBeforeVoid(usedBy)}${dispensedThenVoided(usedBy) ? ": a prescription a pharmacy filled keeps its test" : ""}.`
    : `Each prescription needs a new negative pregnancy test, collected after the latest prescription (${formatDate(latest.writtenOn)}${filledBeforeVoid(latest)}): ` +
        `the latest one is from ${formatDate(test.specimenDate)}.`;
}
