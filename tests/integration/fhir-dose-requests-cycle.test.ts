import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { changeDoseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { startCourseFor, startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/** Today is 2026-11-23. */
const course = (patientId: string) => testDb().course.findFirstOrThrow({ where: { patientId } });

async function changeDose(patientId: string, fields: Record<string, string>) {
  const c = await course(patientId);
  const r = await changeDoseAction(IDLE, form({ courseId: c.id, version: String(c.version), reason: "Titration", ...fields }));
  expect(r, JSON.stringify(r)).toMatchObject({ status: "ok" });
}

async function step(patientId: string, transition: string, date: string) {
  const c = await course(patientId);
  const r = await sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ ack, courseId: c.id, version: String(c.version), transition, date, reason: "planned" })),
    ["COMPLETED_BELOW_TARGET"],
  );
  expect(r, JSON.stringify(r)).toMatchObject({ status: "ok" });
}

const doseRequests = async (patientId: string) =>
  ((await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[]).filter((r) => r.id!.startsWith("dose-"));

describe("FHIR dose-change requests", () => {
  it("a dose change dated after the day the course was ended never took effect: cancelled, and a valid resource", async () => {
    // 20 mg every other day from 2026-10-24; 40 mg every other day planned from 1 December; then the
    // course is completed today, before the change took effect.
    const { patient } = await startedAlternateDayCourse();
    await changeDose(patient.id, { effectiveFrom: "2026-12-01", mgPerIntake: "40", pattern: "EVERY_N_DAYS", everyNDays: "2" });
    await step(patient.id, "COMPLETE", TODAY);
    const requests = await doseRequests(patient.id);
    const planned = requests.find((r) => r.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod?.start === "2026-12-01")!;
    expect(planned).toBeDefined();
    expect(requests.flatMap((r) => fhirIssues(r))).toEqual([]);
    // FHIR Period (per-1): start is not after end.
    const bounds = planned.dosageInstruction!.map((d) => d.timing!.repeat!.boundsPeriod!);
    const inverted = bounds.filter((b) => b.end !== undefined && b.start! > b.end);
    expect({ status: planned.status, inverted }).toEqual({ status: "cancelled", inverted: [] });
  });

  it("a 7 days on / 21 off regimen resumed after a pause lists its dosing days counted from the resume day, as the dose is counted", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    // From 2026-10-24 (day 0): on 24-30 Oct, off to 20 Nov, on from 21 Nov. Paused 5 to 10 Nov (resumed 10 Nov):
    // counted from the resume day (docs/DOMAIN.md, patternAnchor), on 10-16 Nov, off 17 Nov to 7 Dec.
    await startCourseFor(patient.id, {
      regimenIntent: "STANDARD",
      startWeightKg: "60",
      mgPerIntake: "20",
      pattern: "CYCLE",
      cycleOnDays: "7",
      cycleOffDays: "21",
      startDate: "2026-10-24",
      confirm: "on",
    });
    await step(patient.id, "PAUSE", "2026-11-05");
    await step(patient.id, "RESUME", "2026-11-10");
    const summary = await testDb().courseSummary.findFirstOrThrow({ where: { courseId: (await course(patient.id)).id }, select: { totalMg: true } });
    // 24-30 Oct and 10-16 Nov: 14 doses.
    expect(summary.totalMg).toBe(280);
    const [request] = await doseRequests(patient.id);
    const blocks = request!.dosageInstruction!.map((d) => d.timing!.repeat!.boundsPeriod);
    expect(blocks.slice(0, 2)).toEqual([
      { start: "2026-10-24", end: "2026-10-30" },
      { start: "2026-11-10", end: "2026-11-16" },
    ]);
  });
});
