import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";
import type { PrescribingDecision } from "./prescribing";

/** Why a prescription already written must not be dispensed now. */
export type DispenseHold = "PRESCRIBING_STOPPED" | "PREGNANCY_TEST_VOIDED";

/** Without any result: every role that sees a dispense-by date may read them. */
const HOLD_TEXT: Record<DispenseHold, string> = {
  PRESCRIBING_STOPPED: "prescribing is stopped after a pregnancy test (dermatologist review)",
  PREGNANCY_TEST_VOIDED: "the pregnancy test it relied on was entered in error",
};

/**
 * The reasons a prescription written earlier must not be dispensed now, empty when none: prescribing is
 * stopped (`stopped`: prescribingStopped on the day — a positive or indeterminate test awaiting a decision,
 * or decided but not yet answered by a negative test, a confirmed pregnancy included, or a laboratory's
 * result waiting in the queue), or the negative test the prescription relied on has since been voided as
 * entered in error (a correction voids it too).
 */
export function dispenseHolds(stopped: boolean, rx: { pregnancyTestVoided: boolean }): DispenseHold[] {
  const holds: DispenseHold[] = [];
  if (stopped) holds.push("PRESCRIBING_STOPPED");
  if (rx.pregnancyTestVoided) holds.push("PREGNANCY_TEST_VOIDED");
  return holds;
}

/** "Do not dispense: <reasons>", for the banner and the FHIR export. */
export const doNotDispenseText = (holds: readonly DispenseHold[]) => `Do not dispense: ${holds.map((x) => HOLD_TEXT[x]).join("; ")}`;

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
