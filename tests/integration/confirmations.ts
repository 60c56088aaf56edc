import { createHash } from "node:crypto";
import { expect } from "vitest";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * The token a form sends to confirm a warning (lib/errors.ts confirmationToken): its code and the first 16 hex
 * digits of the SHA-256 of its text. Computed here from the text the test expects the warning to read, so that a
 * test says which text was confirmed.
 */
export const tokenFor = (code: string, message: string) => `${code}:${createHash("sha256").update(message, "utf8").digest("hex").slice(0, 16)}`;

type Answer = ActionState | { state: ActionState } | { redirect: string };
const stateOf = (answer: Answer): ActionState | null => ("status" in answer ? answer : "state" in answer ? answer.state : null);

/** The warnings an answer asks to confirm, as its form shows them (none when it asks nothing). */
export function askedIn(answer: Answer) {
  const state = stateOf(answer);
  return state?.status === "confirm" ? state.warnings : [];
}

/** The tokens of the warnings an answer asks to confirm: what a user ticking every box sends back. */
export const tokensOf = (answer: Answer): string[] => askedIn(answer).map((w) => w.token);

/** The token of the one warning of this code an answer asks to confirm. */
export function tokenIn(answer: Answer, code: string): string {
  const asked = askedIn(answer).filter((w) => w.code === code);
  expect(asked, `one warning ${code} asked`).toHaveLength(1);
  return asked[0]!.token;
}

/**
 * A write a test makes on its way to what it checks, confirmed as a user would: sent without a confirmation and,
 * when it asks for some (of these codes and no other), sent again with every box ticked. Returns the last answer.
 */
export async function sendConfirmed<A extends Answer>(send: (ack: string[]) => Promise<A>, codes: readonly string[]): Promise<A> {
  const first = await send([]);
  const asked = askedIn(first);
  if (!asked.length) return first;
  expect(asked.map((w) => w.code).filter((c) => !codes.includes(c))).toEqual([]);
  return send(asked.map((w) => w.token));
}

/**
 * The sentence naming one Claravis 20 mg prescription, starting on the day it was written, whose dose a write changes
 * (lib/domain/dosing/written-prescriptions.ts), daily doses: written on, supplied through.
 */
export const writtenPrescriptionText = (writtenOn: string, through: string, writtenForMg: number, nowMg: number) =>
  `The Claravis 20 mg prescription of ${writtenOn} (supply through ${through}) stays written for ${writtenForMg} mg daily; ` +
  `with this change the dose in force on its start date, ${writtenOn}, is ${nowMg} mg daily: write a new prescription if the patient is to take that dose.`;

/**
 * The token confirming that a dose write changes the dose of a prescription already written whose supply still lasts
 * (lib/domain/dosing/written-prescriptions.ts), for one prescription, daily doses: written on, supplied through.
 */
export const writtenPrescriptionToken = (writtenOn: string, through: string, writtenForMg: number, nowMg: number) =>
  tokenFor("PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE", writtenPrescriptionText(writtenOn, through, writtenForMg, nowMg));
