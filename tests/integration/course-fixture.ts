import { expect } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { callAction, form } from "./helpers";

/**
 * Starts a course through the action as the signed-in dermatologist: a daily Claravis regimen for nodular
 * acne to 120 mg/kg with counseling confirmed, unless `over` says otherwise.
 */
export async function startCourseFor(patientId: string, over: Record<string, string>) {
  const defaults = { indication: "ACNE_NODULAR", regimenIntent: "STANDARD", targetMgPerKg: "120", product: "CLARAVIS", daysSupply: "30" };
  const fields = { ...defaults, capsuleStrengthMg: "20", pattern: "DAILY", counseled: "on", patientId, ...over };
  const started = await callAction(() => startCourseAction(IDLE, form(fields)));
  expect(started).toMatchObject({ redirect: expect.any(String) });
}
