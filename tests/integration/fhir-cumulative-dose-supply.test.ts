import type { Observation } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { startCourse } from "@/lib/data/start-course";
import { getPatientTreatment } from "@/lib/data/treatment";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { flatten } from "@/lib/validation/settings";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/**
 * Counting by supply (a clinic setting), a prescription supplies from the day it was dispensed, when recorded. The
 * cumulative dose a FHIR client reads is the patient page's. Today is 23 Nov 2026: 40 mg daily from 14 Oct, a first
 * 30-day prescription supplying 14 Oct to 12 Nov (1,200 mg); a second written on 19 Nov and dispensed on 20 Nov
 * supplies from 20 Nov: 20 to 23 Nov, 4 days (160 mg). 1,360 mg; counted from 19 Nov it would read 1,400.
 */
describe("the FHIR cumulative dose, counting by supply", () => {
  it("counts a prescription from the day it was dispensed, as the patient page does", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const schedule = { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "DAILY" as const } };
    const rx = { product: "CLARAVIS", capsuleStrengthMg: 20, daysSupply: 30, refills: 0, counseled: true, ack: [] };
    const start = { patientId: p.id, indication: "ACNE_NODULAR", regimenIntent: "STANDARD", startDate: "2026-10-14", targetMgPerKg: 120 } as const;
    const id = await startCourse({ id: derm.id, role: "DERMATOLOGIST" }, { ...start, startWeightGrams: 60_000, ...rx, schedule }, TODAY);
    const dosing = await settingsForm({ kind: "DOSING", effectiveFrom: TODAY, ...flatten({ ...DEFAULT_DOSING_SETTINGS, doseCounting: "SUPPLY" }) });
    expect(await saveClinicSettingsAction(IDLE, dosing)).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");
    try {
      const version = String((await testDb().course.findUniqueOrThrow({ where: { id } })).version);
      const fields = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", mgPerIntake: "40", pattern: "DAILY", counseled: "on" };
      const second = form({ courseId: id, version, writtenOn: "2026-11-19", dispensedOn: "2026-11-20", ...fields });
      expect(await writePrescriptionAction(IDLE, second)).toMatchObject({ status: "ok" });

      expect((await getPatientTreatment(CLINICIAN, p.id, TODAY)).courses[0]!.summary.totalMg).toBe(1360);
      const observations = (await patientResourcesOfType(CLINICIAN, p.id, "Observation", TODAY)) as Observation[];
      expect(observations.find((o) => o.id === `${id}.cumulative-dose-mg`)?.valueQuantity?.value).toBe(1360);
    } finally {
      await restoreDefaultSettings();
    }
  });
});
