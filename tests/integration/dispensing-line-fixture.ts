import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { DispenseLine } from "@/app/(portal)/patients/[patientId]/_components/dispense-line";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { CLINICIAN, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/** The line under a prescription as a dermatologist reads it on the course card (and the printed summary, which shares it). */
export async function lineOf(patientId: string, rxId: string) {
  const [t, overview] = await Promise.all([getPatientTreatment(CLINICIAN, patientId, TODAY), getPregnancyOverview(CLINICIAN, patientId, TODAY)]);
  const entry = t.courses.flatMap((c) => c.timeline).find((e) => e.id === rxId)!;
  const html = renderToStaticMarkup(createElement(DispenseLine, { entry, held: overview?.heldPrescriptions }));
  return html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
}

/**
 * A course started on 24 Oct 2026 and its second prescription, of 22 Nov, resting on the negative test of 21 Nov:
 * 60 × 20 mg capsules for 30 days, to be dispensed by 27 Nov.
 */
export async function prescriptionOf22Nov() {
  const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
  const test = await pregnancyTest(p.id, "2026-11-21", derm.id);
  expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
  const rx = await rxWrittenOn(course.id, "2026-11-22");
  expect(rx.dispenseBy).toBe("2026-11-27");
  return { derm, p, course, test, rx };
}
