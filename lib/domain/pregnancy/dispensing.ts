import { formatDate } from "@/lib/format";
import { addDays, type IsoDate } from "../dates";
import { confirmingCounseling } from "./contraception-confirmation";
import {
  byWrittenOn,
  categoryOn,
  checkedAsFirstPrescription,
  contraceptionCovers,
  counseledWithin,
  writtenWhileCanBecomePregnant,
  type CategoryChange,
  type ContraceptionRecord,
  type CounselingRecord,
  type PregnancyHistory,
} from "./history";
import { prescribingStop, type PrescribingStop } from "./pregnancy-tests";
import type { PrescribingDecision } from "./prescribing";
import type { RulesOn } from "./rules";

/** Why a prescription already written must not be dispensed now. */
export type DispenseHold =
  "PRESCRIBING_STOPPED" | "PRESCRIBING_STOPPED_UNTIL_TEST" | "PREGNANCY_TEST_VOIDED" | "PREVENTION_RECORD_VOIDED" | "WRITTEN_WHILE_CANNOT_BECOME_PREGNANT";

/**
 * Without any result: every role that sees a dispense-by date may read them, office staff included. A stop says
 * what lifts it, as the banner does ("Dermatologist review required before any further prescription"; the status
 * line's "prescribing stopped: dermatologist review" or "until a later pregnancy test"), never what the test showed.
 */
const HOLD_TEXT: Record<DispenseHold, string> = {
  PRESCRIBING_STOPPED: "prescribing is stopped until a dermatologist's review",
  PRESCRIBING_STOPPED_UNTIL_TEST: "prescribing is stopped until a later pregnancy test",
  PREGNANCY_TEST_VOIDED: "the pregnancy test it relied on was entered in error",
  PREVENTION_RECORD_VOIDED: "the contraception or counseling it was written on was entered in error",
  WRITTEN_WHILE_CANNOT_BECOME_PREGNANT: "it was written while the patient was recorded as unable to become pregnant",
};

/**
 * The reasons a prescription written earlier must not be dispensed now, empty when none: prescribing is
 * stopped (`stop`: prescribingStop on the day — until a dermatologist's review while a positive or
 * indeterminate test awaits a decision, a laboratory's result waits in the queue or a result the rules cannot
 * read is on the chart; until a later negative test once such a test is decided, a confirmed pregnancy
 * included), the negative test the prescription relied on has since been voided as
 * entered in error (a correction voids it too), or so have the contraception or counseling records it was
 * written on (preventionRecordVoided), or it was written, on no test, while the patient was recorded as
 * unable to become pregnant and she can become pregnant now (writtenWhileCannotBecomePregnant).
 */
export function dispenseHolds(
  stop: PrescribingStop | null,
  rx: { pregnancyTestVoided: boolean; preventionRecordVoided?: boolean; writtenWhileCannotBecomePregnant?: boolean },
): DispenseHold[] {
  const holds: DispenseHold[] = [];
  if (stop) holds.push(stop === "REVIEW" ? "PRESCRIBING_STOPPED" : "PRESCRIBING_STOPPED_UNTIL_TEST");
  if (rx.pregnancyTestVoided) holds.push("PREGNANCY_TEST_VOIDED");
  if (rx.preventionRecordVoided) holds.push("PREVENTION_RECORD_VOIDED");
  if (rx.writtenWhileCannotBecomePregnant) holds.push("WRITTEN_WHILE_CANNOT_BECOME_PREGNANT");
  return holds;
}

/** A live prescription as stored, with what its holds turn on besides the history. */
export interface StoredPrescription {
  prescriptionId: string;
  /** The negative test it relied on has been voided as entered in error. */
  pregnancyTestVoided: boolean;
  /** Contraception and counseling records voided as entered in error since it was written (absent: none). */
  voidedSince?: VoidedPreventionRecords;
}

/**
 * Why a live prescription must not be dispensed on `asOf` (dispenseHolds, the stop first): computed once for each
 * prescription a hold may reach (lib/data/prescription-holds.ts), and read as such by the line under it, the FHIR
 * export and the banner (pregnancyStatus). `stop` is prescribingStop on the day, read once for all of them.
 */
export function prescriptionHolds(
  h: PregnancyHistory,
  rx: StoredPrescription,
  asOf: IsoDate,
  rulesOn: RulesOn,
  stop: PrescribingStop | null = prescribingStop(h, asOf, rulesOn),
): DispenseHold[] {
  return dispenseHolds(stop, {
    pregnancyTestVoided: rx.pregnancyTestVoided,
    preventionRecordVoided: rx.voidedSince ? preventionRecordVoided(h, rx.prescriptionId, rx.voidedSince, rulesOn) : false,
    writtenWhileCannotBecomePregnant: writtenWhileCannotBecomePregnant(h, rx.prescriptionId, asOf),
  });
}

/**
 * What the line under a live prescription says about dispensing: the day the pharmacy dispensed it, when recorded,
 * and "Do not dispense: <why>" while a hold reaches it. Once dispensed it was filled: a hold says nothing of that
 * fill ("Do not dispense" under it would read as if it could still be stopped), only of its refills, while it has
 * any ("Do not dispense a refill: <why>"; which refills were filled is not recorded, so each is held). Null fields:
 * nothing to say. The FHIR export says the same (lib/fhir/prescription-dispensing.ts).
 */
export interface DispenseNote {
  dispensedOn: IsoDate | null;
  hold: string | null;
  /**
   * What was confirmed when its current dispensed date was recorded, said after that date (dispensedWhileText:
   * "while held: <why>"); absent or null: nothing was.
   */
  confirmed?: string | null;
}

export function dispenseNote(rx: { dispensedOn?: IsoDate | null; refills: number }, holds: readonly DispenseHold[]): DispenseNote {
  const dispensedOn = rx.dispensedOn ?? null;
  if (holds.length === 0 || (dispensedOn !== null && rx.refills === 0)) return { dispensedOn, hold: null };
  return { dispensedOn, hold: doNotDispenseText(holds, dispensedOn !== null) };
}

/**
 * Was this prescription written, resting on no pregnancy test, while the patient was recorded as unable to
 * become pregnant, and can she become pregnant on `asOf`? Then it was never checked as one for a patient who can
 * become pregnant (no negative test in its window, no contraception or counseling checked), and must not be
 * dispensed to her: a new prescription, on the checks of a first one (prescribing.ts), is written instead.
 * iPLEDGE and the PPP: a negative test before each prescription for a patient who can become pregnant. It was
 * written under "cannot" when she was recorded so at any time of the day it is dated or the day it was entered
 * (cannotAtAnyTimeOf): a prescription dated ahead is checked on the category of the day it is entered, and a
 * category changed and changed back in one day leaves the day's later category in force for the whole day.
 */
export function writtenWhileCannotBecomePregnant(h: Pick<PregnancyHistory, "categories" | "courses">, prescriptionId: string, asOf: IsoDate): boolean {
  if (categoryOn(h, asOf) !== "CAN_BECOME_PREGNANT") return false;
  const rx = h.courses.flatMap((c) => c.prescriptions).find((p) => p.id === prescriptionId);
  if (!rx || rx.pregnancyTestId) return false;
  return cannotAtAnyTimeOf(h, rx.writtenOn) || (rx.enteredOn !== undefined && cannotAtAnyTimeOf(h, rx.enteredOn));
}

/**
 * Was the patient recorded as unable to become pregnant at any time of `day`: in force that day, a change to it
 * dated that day (changed back later that day), or in force the day before a change to "can" dated that day
 * (written earlier that day, under the other category's rules).
 */
function cannotAtAnyTimeOf(h: Pick<PregnancyHistory, "categories">, day: IsoDate): boolean {
  const changedThatDay = (category: CategoryChange["category"]) => h.categories.some((c) => c.from === day && c.category === category);
  return (
    categoryOn(h, day) === "CANNOT_BECOME_PREGNANT" ||
    changedThatDay("CANNOT_BECOME_PREGNANT") ||
    (changedThatDay("CAN_BECOME_PREGNANT") && categoryOn(h, addDays(day, -1)) === "CANNOT_BECOME_PREGNANT")
  );
}

/** Contraception and counseling records voided as entered in error after a prescription was written. */
export interface VoidedPreventionRecords {
  contraception: readonly ContraceptionRecord[];
  counseling: readonly CounselingRecord[];
}

/**
 * Have the contraception or counseling records a prescription was written on been voided as entered in
 * error, so that the live records (`h`) no longer meet what the prescribing check (checkPrescription)
 * required on the day it was written? For a prescription written while the patient could become pregnant,
 * under the rules in force that day: contraception (two methods or committed abstinence) documented without
 * a gap through that day, from the contraception lead before it when it was the first of its course while
 * she could; counseling in the counseling interval up to that day (iPLEDGE: both before each
 * prescription; PPP: SmPC 4.4; rules.ts); and a counseling in the confirmation days up to that day that
 * confirmed a contraception record in use on it (contraception-confirmation.ts), lost when the confirming
 * counseling or the confirmed record is voided. A requirement holds the prescription only where the records voided
 * since (`voided`) would have met it: one that never met it (imported, or written under other rules) is not
 * held by a void, and a correction (the record entered anew) that meets it again lifts the hold.
 */
export function preventionRecordVoided(h: PregnancyHistory, prescriptionId: string, voided: VoidedPreventionRecords, rulesOn: RulesOn): boolean {
  if (voided.contraception.length === 0 && voided.counseling.length === 0) return false;
  const written = [...(h.courses.find((c) => c.prescriptions.some((p) => p.id === prescriptionId))?.prescriptions ?? [])].sort(byWrittenOn);
  const i = written.findIndex((p) => p.id === prescriptionId);
  const rx = written[i];
  if (!rx || !writtenWhileCanBecomePregnant(h, rx)) return false;
  const r = rulesOn(rx.writtenOn);
  // As the check judged it: the first of its course while she could become pregnant needs the lead.
  const first = !written.slice(0, i).some((p) => checkedAsFirstPrescription(h, p));
  const from = first ? addDays(rx.writtenOn, -r.contraceptionLeadDays) : rx.writtenOn;
  const lost = <T>(met: (records: readonly T[]) => boolean, live: readonly T[], gone: readonly T[]) => gone.length > 0 && !met(live) && met([...live, ...gone]);
  const confirmed = (records: { contraception: readonly ContraceptionRecord[]; counseling: readonly CounselingRecord[] }) =>
    confirmingCounseling(records.contraception, records.counseling, rx.writtenOn, r.contraceptionConfirmationDays) !== null;
  const all = { contraception: [...h.contraception, ...voided.contraception], counseling: [...h.counseling, ...voided.counseling] };
  return (
    lost((records) => contraceptionCovers(records, from, rx.writtenOn), h.contraception, voided.contraception) ||
    lost((records) => counseledWithin(records, rx.writtenOn, r.counselingIntervalDays), h.counseling, voided.counseling) ||
    (!confirmed(h) && confirmed(all))
  );
}

/**
 * What a dispensed date was confirmed as when it was recorded (lib/data/record-dispensing-checks.ts): after the
 * prescription's last day to be dispensed (that day), after its course's last day, or on a day a hold reached it
 * (the holds read on that day; empty when they can no longer be read so, the record having changed since). Null:
 * not confirmed as such.
 */
export interface DispensedConfirmed {
  afterLastDay: IsoDate | null;
  afterCourseEnd: boolean;
  heldThatDay: readonly DispenseHold[] | null;
}

/**
 * What a fill confirmed so is said with, after its date, on the line under it and in its FHIR request: "after its
 * last day to be dispensed (22 Nov 2026)", "after its course's last day", "while held: <why>", joined ("… and while
 * held: …"). The prescriber reads no audit trail: what was confirmed stays in sight (docs/DOMAIN.md). Null: nothing.
 */
export function dispensedWhileText(c: DispensedConfirmed): string | null {
  const parts = [
    ...(c.afterLastDay ? [`after its last day to be dispensed (${formatDate(c.afterLastDay)})`] : []),
    ...(c.afterCourseEnd ? ["after its course's last day"] : []),
    ...(c.heldThatDay ? [`while held${c.heldThatDay.length ? `: ${c.heldThatDay.map((x) => HOLD_TEXT[x]).join("; ")}` : ""}`] : []),
  ];
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** "Do not dispense: <reasons>", for the banner and the FHIR export; "Do not dispense a refill: …" once dispensed (dispenseNote). */
export const doNotDispenseText = (holds: readonly DispenseHold[], refill = false) =>
  `Do not dispense${refill ? " a refill" : ""}: ${holds.map((x) => HOLD_TEXT[x]).join("; ")}`;

/**
 * A dispensed date after the prescription's own dispense-by date (the end of its test's window, or the
 * days the rules give to fill it): dispensed outside its window, so refused. A new prescription is written
 * instead, on a new test where one is needed.
 */
export function dispensedTooLate(decision: Pick<PrescribingDecision, "dispenseBy" | "windowTest">, dispensedOn: IsoDate): string | null {
  if (decision.dispenseBy === null || dispensedOn <= decision.dispenseBy) return null;
  return (
    `The window to dispense this prescription closed on ${formatDate(decision.dispenseBy)} (its dispense-by date): ` +
    `write a new prescription${decision.windowTest ? ", with a new negative pregnancy test" : ""}.`
  );
}
