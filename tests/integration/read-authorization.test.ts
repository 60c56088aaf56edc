import { describe, expect, it } from "vitest";
import { getLabAlerts, getPatientLabs } from "@/lib/data/labs";
import { getCourseSummaryPage } from "@/lib/data/course-summaries";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPatient, searchPatients } from "@/lib/data/patients";
import { listConfigVersions } from "@/lib/data/settings";
import { getPatientTreatment } from "@/lib/data/treatment";
import { makePatient, TODAY } from "./helpers";

const forbidden = { code: "FORBIDDEN", message: "You do not have permission to see this." };

describe("read functions answer by the viewer's role, whatever the caller checked", () => {
  it("office staff and administrators receive no lab value, no alert and no treatment from them", async () => {
    const patient = await makePatient();
    for (const role of ["STAFF", "ADMIN"] as const) {
      await expect(getPatientLabs({ role }, patient.id)).rejects.toMatchObject(forbidden);
      await expect(getLabAlerts({ role })).rejects.toMatchObject(forbidden);
    }
    await expect(getPatientTreatment({ role: "STAFF" }, patient.id, TODAY)).rejects.toMatchObject(forbidden);
    await expect(getPatientTreatment({ role: "ADMIN" }, patient.id, TODAY)).rejects.toMatchObject(forbidden);
  });

  it("nurses and dermatologists receive them", async () => {
    const patient = await makePatient();
    for (const role of ["NURSE", "DERMATOLOGIST"] as const) {
      expect(await getPatientLabs({ role }, patient.id)).toEqual([]);
      expect((await getPatientTreatment({ role }, patient.id, TODAY)).courses).toEqual([]);
    }
    expect(await getLabAlerts({ role: "DERMATOLOGIST" }, 1)).toMatchObject({ critical: expect.any(Array), abnormal: expect.any(Array) });
  });

  it("the patient list and the patient header refuse administrators; the dashboard's courses refuse every role but dermatologists", async () => {
    const patient = await makePatient();
    await expect(searchPatients({ role: "ADMIN" }, patient.mrn, 1)).rejects.toMatchObject(forbidden);
    await expect(getPatientHeader({ role: "ADMIN" }, patient.id, TODAY)).rejects.toMatchObject(forbidden);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const)
      await expect(getCourseSummaryPage({ role }, { limit: 1, offset: 0 })).rejects.toMatchObject(forbidden);
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) {
      expect((await searchPatients({ role }, patient.mrn, 1)).rows.map((r) => r.id)).toEqual([patient.id]);
      expect(await getPatientHeader({ role }, patient.id, TODAY)).toMatchObject({ id: patient.id, mrn: patient.mrn });
    }
    expect(await getCourseSummaryPage({ role: "DERMATOLOGIST" }, { limit: 1, offset: 0 })).toMatchObject({ total: expect.any(Number) });
  });

  it("a patient's demographics refuse administrators; the clinic's settings versions refuse every role but dermatologists", async () => {
    const patient = await makePatient();
    await expect(getPatient({ role: "ADMIN" }, patient.id)).rejects.toMatchObject(forbidden);
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const)
      expect(await getPatient({ role }, patient.id)).toMatchObject({ id: patient.id, mrn: patient.mrn });
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) await expect(listConfigVersions({ role })).rejects.toMatchObject(forbidden);
    expect(await listConfigVersions({ role: "DERMATOLOGIST" })).toEqual(expect.any(Array));
  });
});
