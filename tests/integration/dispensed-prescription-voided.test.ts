import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { form, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A patient who can become pregnant is on a course started
 * 30 days ago. A prescription of 22 Nov rests on the negative test of 21 Nov; it is voided as entered in error. When
 * the pharmacy had dispensed it (its dispensed date recorded), the fill happened: its test was used and backs no
 * other prescription. Voided before any fill, it counted for nothing and its test is free again.
 */
const USED =
  "Each prescription needs a new negative pregnancy test: the latest one (21 Nov 2026) was already used for the prescription of 22 Nov 2026, " +
  "dispensed on 22 Nov 2026 before it was marked as entered in error: a prescription a pharmacy filled keeps its test.";

async function voidedPrescription(dispensed: boolean) {
  const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
  await pregnancyTest(p.id, "2026-11-21", derm.id);
  const written = rxForm(await fresh(course.id), "2026-11-22", { ...confirm, ...(dispensed ? { dispensedOn: "2026-11-22" } : {}) });
  expect(await writePrescriptionAction(IDLE, written)).toMatchObject({ status: "ok" });
  const rx = await rxWrittenOn(course.id, "2026-11-22");
  // Dispensed, the void asks first to confirm that it stays dispensed and its test used.
  const voiding = (ack: string[]) => voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered with the wrong product", ack }));
  expect(await sendConfirmed(voiding, ["PRESCRIPTION_DISPENSED"])).toMatchObject({ status: "ok" });
  return { course, confirm };
}

describe("a prescription voided as entered in error", () => {
  it("once dispensed, keeps its test used: a new prescription on that test is refused, saying why", async () => {
    const { course, confirm } = await voidedPrescription(true);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [USED] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id, voidedAt: null } })).toBe(1);
  });

  it("never dispensed, frees its test for the prescription written instead", async () => {
    const { course, confirm } = await voidedPrescription(false);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({ status: "ok" });
  });
});
