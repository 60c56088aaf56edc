import { describe, expect, it } from "vitest";
import { getAuditReport } from "@/lib/data/audit-report";
import { buildRecord, fhirGet, makeApiClient } from "./fhir-record";
import { makePatient, testDb } from "./helpers";

/**
 * An API client reads the Flags of two patients: one with a pregnancy test awaiting the dermatologist's decision
 * (her pregnancy-prevention category and the review's flag) and one without (the category alone). The calls'
 * audit rows record how many resources each returned; an administrator reading the trail is not told the
 * second flag's existence by it, as it is not told of the test or its review by their own rows.
 */
describe("administrators read a FHIR call's row without what its count says of the patient", () => {
  it("a Flag search of a patient with a test awaiting review and of one without read the same", async () => {
    const rec = await buildRecord();
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const client = await makeApiClient("STAFF");
    for (const id of [rec.patient.id, other.id]) expect((await fhirGet(`Flag?patient=${id}`, client.token)).status).toBe(200);
    // Recorded as they happened: two flags, then one.
    const stored = await testDb().auditEvent.findMany({ where: { action: "patients.view_fhir", actorId: client.id }, orderBy: { id: "asc" } });
    expect(stored.map((r) => (r.changes as { count: number }).count)).toEqual([2, 1]);

    const read = async (patientId: string) => {
      const report = await getAuditReport({ role: "ADMIN" }, { patient: patientId, actorId: client.id, page: 1 });
      expect(report.rows).toHaveLength(1);
      const { id: _id, occurredAt: _at, prevHash: _p, hash: _h, patientId: _pid, patient: _patient, changes, details, ...row } = report.rows[0]!;
      const { patientIds, ...call } = changes as { patientIds: string[] };
      expect(patientIds).toEqual([patientId]);
      // The lines shown are the same record: the patient's id, no count.
      expect(details.find((l) => l.label === "Patient ids")?.ids).toEqual([patientId]);
      expect(details.map((l) => l.label)).not.toContain("Count");
      return { row, call };
    };
    const [review, none] = [await read(rec.patient.id), await read(other.id)];
    expect(review.call).toEqual({ interaction: "search", resourceType: "Flag", status: 200, params: ["patient"] });
    expect(review).toEqual(none);
  });
});
