import "server-only";
import { db } from "@/lib/db";
import type { FhirType } from "./types";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const match = (pattern: string, id: string) => new RegExp(`^${pattern}$`).exec(id)?.[1] ?? null;

/**
 * The patient a resource id belongs to, from the id's own shape (lib/fhir/*: `rx-<id>`, `dose-<id>`,
 * `weight-<id>`, `<course>.cumulative-dose-mg`, `<patient>.pregnancy-category` and its other flags, `<patient>.<item hash>`) and
 * at most one indexed lookup. Null when the id cannot exist; whether it does is decided by building it.
 */
export async function patientIdOf(type: FhirType, id: string): Promise<string | null> {
  switch (type) {
    case "Patient":
      return match(`(${UUID})`, id);
    case "Flag":
      return match(`(${UUID})\\.(?:pregnancy-category|pregnancy-test-review|review-required)`, id);
    case "Task":
      return match(`(${UUID})\\.[0-9a-f]{16}`, id);
    case "Observation": {
      const lab = match(`(${UUID})`, id);
      if (lab) return (await db.labResult.findUnique({ where: { id: lab }, select: { patientId: true } }))?.patientId ?? null;
      const weight = match(`weight-(${UUID})`, id);
      if (weight) return (await db.weightMeasurement.findUnique({ where: { id: weight }, select: { patientId: true } }))?.patientId ?? null;
      const course = match(`(${UUID})\\.cumulative-dose-mg(?:-per-kg)?`, id);
      return course ? ((await db.course.findUnique({ where: { id: course }, select: { patientId: true } }))?.patientId ?? null) : null;
    }
    case "MedicationRequest": {
      const rx = match(`rx-(${UUID})`, id);
      if (rx) return (await db.prescription.findUnique({ where: { id: rx }, select: { course: { select: { patientId: true } } } }))?.course.patientId ?? null;
      const dose = match(`dose-(${UUID})`, id);
      return dose
        ? ((await db.doseChange.findUnique({ where: { id: dose }, select: { course: { select: { patientId: true } } } }))?.course.patientId ?? null)
        : null;
    }
  }
}
