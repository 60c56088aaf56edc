import "server-only";
import { dbDate } from "@/lib/clinic";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { notFound } from "@/lib/errors";

export async function recordWeight(actor: AuditActor, input: { patientId: string; measuredOn: string; weightGrams: number }): Promise<void> {
  await db.$transaction(async (tx) => {
    const exists = await tx.patient.count({ where: { id: input.patientId } });
    if (!exists) throw notFound("patient");
    const w = await tx.weightMeasurement.create({
      data: { patientId: input.patientId, measuredOn: dbDate(input.measuredOn), weightGrams: input.weightGrams, enteredById: actor.id },
      select: { id: true },
    });
    // Weight changes mg/kg (per-day policy) and the weight-change alert.
    await refreshPatientCourseSummaries(tx, input.patientId);
    await writeAudit(tx, actor, {
      action: "weight.record",
      entityType: "WeightMeasurement",
      entityId: w.id,
      patientId: input.patientId,
      changes: { measuredOn: input.measuredOn, weightGrams: input.weightGrams },
    });
  });
}

/** The patient's latest weight still in force (entries voided as in error are skipped), for a form's default. */
export function latestWeight(patientId: string) {
  return db.weightMeasurement.findFirst({ where: { patientId, voidedAt: null }, orderBy: { measuredOn: "desc" }, select: { weightGrams: true } });
}
