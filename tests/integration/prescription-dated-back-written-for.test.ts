import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, startCourseFor } from "./course-fixture";
import { askedIn, sendConfirmed } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * docs/DOMAIN.md "Prescriptions": a write that changes the regimen on a prescription's start date away from the dose
 * it was written for is confirmed first while the prescription's supply can still be taken. A prescription written
 * dated back at another schedule is such a write: it starts a new regimen version from its own date, which is then in
 * force on the start date of a prescription written later, whose supply still lasts. Today is Mon 23 Nov 2026.
 */
const CODE = "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE";
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };

const prescriptionForm = async (courseId: string, writtenOn: string, mg: number, ack: string[]) =>
  form({ courseId, version: await courseVersion(courseId), writtenOn, ...RX, mgPerIntake: String(mg), reason: "Visit", ack });

describe("a prescription written dated back at another dose", () => {
  it("asks first when it changes the dose on the start date of a later prescription whose supply lasts", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    // 40 mg daily from 24 Oct (its first prescription's supply ends on 22 Nov).
    await startCourseFor(patient.id, { startDate: "2026-10-24", startWeightKg: "60", mgPerIntake: "40" });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
    // The 20 Nov prescription at 40 mg daily: supplied through 19 Dec.
    const send20Nov = async (ack: string[]) => writePrescriptionAction(IDLE, await prescriptionForm(course.id, "2026-11-20", 40, ack));
    expect(await sendConfirmed(send20Nov, ["EARLIER_SUPPLY_OUTLASTS_START"])).toMatchObject({ status: "ok" });

    // A prescription of 15 Nov entered now, at 60 mg daily: 60 mg is in force from 15 Nov, so on 20 Nov too.
    const first = await writePrescriptionAction(IDLE, await prescriptionForm(course.id, "2026-11-15", 60, []));
    const asked = askedIn(first);
    // The 20 Nov prescription stays written for 40 mg daily while its supply lasts: the prescriber is asked, as a dose change is.
    expect.soft(asked.map((w) => w.code)).toEqual(["PRESCRIPTION_CHANGES_REGIMEN", CODE]);
    expect
      .soft(asked.find((w) => w.code === CODE)?.message ?? "")
      .toContain("The Claravis 20 mg prescription of 20 Nov 2026 (supply through 19 Dec 2026) stays written for 40 mg daily");

    // Saved as asked, the 20 Nov prescription now reads "written for 40 mg daily" under a regimen of 60 mg daily.
    expect(
      await writePrescriptionAction(
        IDLE,
        await prescriptionForm(
          course.id,
          "2026-11-15",
          60,
          asked.map((w) => w.token),
        ),
      ),
    ).toMatchObject({
      status: "ok",
    });
    const line = (await getPatientTreatment(CLINICIAN, patient.id, TODAY)).courses[0]!.timeline.find(
      (e) => e.kind === "prescription" && e.date === "2026-11-20",
    );
    expect(line?.text).toContain("written for 40 mg daily");
  });
});
