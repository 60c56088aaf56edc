import { describe, expect, it } from "vitest";
import { getLabAlerts, getPatientLabs } from "@/lib/data/labs";
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
});
