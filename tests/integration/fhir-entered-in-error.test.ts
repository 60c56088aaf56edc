import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction, correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { startCourseFor } from "./course-fixture";
import { fhirGet, makeApiClient, type Res } from "./fhir-record";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";

/**
 * What a FHIR client already read stays readable once it is voided as entered in error, with that status, so
 * a pharmacy or record system holding a copy learns it was wrong instead of meeting a 404 or silence.
 * 10 mg daily from 2026-11-14 at 50 kg; a dose change to 20 mg from 2026-11-20, voided; through 2026-11-23:
 * 10 days x 10 mg = 100 mg whatever the voided entry said (with it: 6 x 10 + 4 x 20 = 140 mg).
 */
describe("FHIR: records voided as entered in error", () => {
  it("a voided prescription, dose change, lab result and weight are read as entered-in-error and count for nothing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await startCourseFor(p.id, { regimenIntent: "LOW_DOSE", startDate: "2026-11-14", startWeightKg: "50", capsuleStrengthMg: "10", mgPerIntake: "10" });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    const v = String(course.version);
    expect(
      await changeDoseAction(
        IDLE,
        form({
          courseId: course.id,
          version: v,
          effectiveFrom: "2026-11-20",
          mgPerIntake: "20",
          intakesPerDay: "1",
          pattern: "DAILY",
          reason: "Tolerating well",
        }),
      ),
    ).toMatchObject({ status: "ok" });
    const change = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, effectiveFrom: new Date("2026-11-20T00:00:00Z") } });
    const tg = await testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    expect(
      await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", [`value:${tg.id}`]: "180" })),
    ).toMatchObject({ status: "ok" });
    const lab = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-21", weightKg: "52" }))).toMatchObject({ status: "ok" });
    const weight = await testDb().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, measuredOn: new Date("2026-11-21T00:00:00Z") } });

    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: change.id, reason: "Entered on the wrong patient" }))).toMatchObject({
      status: "ok",
    });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Written on the wrong product" }))).toMatchObject({
      status: "ok",
    });
    actAs(await makeUser("NURSE"));
    expect(await correctLabResultAction(IDLE, form({ labResultId: lab.id, reason: "Sample of another patient" }))).toMatchObject({ status: "ok" });
    expect(await correctWeightAction(IDLE, form({ weightId: weight.id, reason: "Scale not calibrated" }))).toMatchObject({ status: "ok" });
    actAs(null);

    const { token } = await makeApiClient("DERMATOLOGIST");
    const read = async (path: string) => {
      const r = await fhirGet(path, token);
      expect(r.status, path).toBe(200);
      expect(fhirIssues(r.body as never), path).toEqual([]);
      return r.body;
    };
    const rxRead = await read(`MedicationRequest/rx-${rx.id}`);
    expect(rxRead.status).toBe("entered-in-error");
    expect(rxRead.dispenseRequest.validityPeriod).toBeUndefined();
    expect(rxRead.priorPrescription).toBeUndefined();
    expect((await read(`MedicationRequest/dose-${change.id}`)).status).toBe("entered-in-error");
    expect((await read(`Observation/${lab.id}`)).status).toBe("entered-in-error");
    expect((await read(`Observation/weight-${weight.id}`)).status).toBe("entered-in-error");

    // A search for what is in force finds neither; the starting regimen is active and chains to nothing voided.
    const active = await read(`MedicationRequest?patient=${p.id}&status=active`);
    const activeIds = (active.entry ?? []).map((e: Res) => e.resource.id);
    expect(activeIds).not.toContain(`rx-${rx.id}`);
    expect(activeIds).not.toContain(`dose-${change.id}`);
    const start = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, effectiveFrom: new Date("2026-11-14T00:00:00Z") } });
    expect(activeIds).toContain(`dose-${start.id}`);
    // The cumulative dose leaves the voided dose change and weight out: 100 mg, 2 mg/kg at the 50 kg start weight.
    const all = await read(`Observation?patient=${p.id}`);
    const dose = (all.entry as Res[]).map((e) => e.resource).find((r: Res) => r.code.coding[0].code === "cumulative-dose-mg");
    expect(dose.valueQuantity.value).toBe(100);
  });
});
