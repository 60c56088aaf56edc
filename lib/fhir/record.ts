import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { getDosingSettings } from "@/lib/data/config";
import { courseInputFromRow } from "@/lib/data/course-mapping";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import type { Viewer } from "@/lib/data/viewer";
import type { IsoDate } from "@/lib/domain/dates";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import { COURSE_ORDER, medicationRequests, treatmentInclude } from "./medication-request-record";
import { cumulativeDoseObservations, labObservation, weightObservation } from "./observations";
import { patientFlags } from "./flags";
import { monitoringTask, patientResource } from "./patient-resources";
import { FHIR_TYPES, type FhirType } from "./types";

/**
 * Which resource types a role reads, with the permissions the portal asks for the same data: any one of
 * them opens the type. Within Observation, lab results need labs.read; weights and cumulative doses need
 * courses.read (the treatment section). Office staff therefore read Patient, Flag and Task only.
 */
const TYPE_PERMISSIONS: Record<FhirType, Permission[]> = {
  Patient: ["patients.read"],
  Observation: ["labs.read", "courses.read"],
  MedicationRequest: ["courses.read"],
  Flag: ["patients.read"],
  Task: ["monitoring.read"],
};

export const canReadType = (role: Role, type: FhirType) => TYPE_PERMISSIONS[type].some((p) => can(role, p));

const num = (d: { toString(): string } | null) => (d === null ? null : Number(d.toString()));

async function labObservations(patientId: string) {
  // Results entered in error stay, as entered-in-error (a client that read one learns it was wrong).
  const rows = await db.labResult.findMany({
    where: { patientId },
    orderBy: [{ specimenDate: "asc" }, { enteredAt: "asc" }],
    select: {
      id: true,
      code: true,
      codeSystem: true,
      analyte: true,
      specimenDate: true,
      enteredAt: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      refLow: true,
      refHigh: true,
      flag: true,
      flagReason: true,
      voidedAt: true,
      labTest: { select: { name: true, unit: true } },
    },
  });
  return rows.map(({ voidedAt, ...r }) =>
    labObservation({
      ...r,
      enteredInError: voidedAt !== null,
      patientId,
      name: r.labTest.name,
      testUnit: r.labTest.unit,
      specimenDate: isoFromDb(r.specimenDate),
      valueNumeric: num(r.valueNumeric),
      refLow: num(r.refLow),
      refHigh: num(r.refHigh),
    }),
  );
}

/** Courses as the treatment reads them (treatmentInclude), with the weights and the dosing settings. */
async function loadTreatment(patientId: string, asOf: IsoDate) {
  const [courses, weights, settings] = await Promise.all([
    db.course.findMany({ where: { patientId }, orderBy: COURSE_ORDER, include: treatmentInclude }),
    db.weightMeasurement.findMany({
      where: { patientId },
      orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }],
      select: { id: true, measuredOn: true, weightGrams: true, voidedAt: true },
    }),
    getDosingSettings(asOf),
  ]);
  return { courses, weights, settings };
}

async function treatmentObservations(patientId: string, asOf: IsoDate) {
  const { courses, weights, settings } = await loadTreatment(patientId, asOf);
  const points = weights.filter((w) => w.voidedAt === null).map((w) => ({ date: isoFromDb(w.measuredOn), grams: w.weightGrams }));
  return [
    ...weights.map((w) =>
      weightObservation({ id: w.id, patientId, measuredOn: isoFromDb(w.measuredOn), grams: w.weightGrams, enteredInError: w.voidedAt !== null }),
    ),
    ...courses.flatMap((c) => {
      const input = courseInputFromRow(c);
      const dose = computeCourseDose(input, points, asOf, settings);
      const through = input.endDate !== null && input.endDate < asOf ? input.endDate : asOf;
      return cumulativeDoseObservations({
        courseId: c.id,
        patientId,
        startDate: input.startDate,
        through,
        ended: !inProgressOn({ status: c.status, endDate: input.endDate, pauses: input.pauses }, asOf),
        totalMg: dose.totalMg,
        mgPerKg: dose.mgPerKg,
        weightPolicy: settings.weightPolicy,
      });
    }),
  ];
}

async function tasks(role: Role, patientId: string, asOf: IsoDate) {
  const items = await getPatientMonitoring({ role }, patientId, asOf);
  return items.filter((i) => i.status !== "COMPLETED" && i.status !== "WAIVED").map((i) => monitoringTask(patientId, i));
}

async function patientDemographics(patientId: string) {
  const p = await db.patient.findUnique({
    where: { id: patientId },
    select: { id: true, mrn: true, firstName: true, lastName: true, dateOfBirth: true, sexAtBirth: true, phone: true, email: true },
  });
  return p ? [patientResource({ ...p, dateOfBirth: isoFromDb(p.dateOfBirth) })] : [];
}

/** One type of one patient's record as the viewer's role may read it; nothing for a type the role cannot read. */
export async function patientResourcesOfType(viewer: Viewer, patientId: string, type: FhirType, asOf: IsoDate): Promise<Resource[]> {
  const role = viewer.role;
  if (!canReadType(role, type)) return [];
  switch (type) {
    case "Patient":
      return patientDemographics(patientId);
    case "Observation":
      return [
        ...(can(role, "labs.read") ? await labObservations(patientId) : []),
        ...(can(role, "courses.read") ? await treatmentObservations(patientId, asOf) : []),
      ];
    case "MedicationRequest":
      return medicationRequests(patientId, asOf);
    case "Flag":
      return patientFlags(role, patientId, asOf);
    case "Task":
      return tasks(role, patientId, asOf);
  }
}

/** The whole record the role may read (Patient/$everything and the portal's export): the Patient first. Null for an unknown patient. */
export async function patientEverything(viewer: Viewer, patientId: string, asOf: IsoDate): Promise<Resource[] | null> {
  const parts = await Promise.all(FHIR_TYPES.map((type) => patientResourcesOfType(viewer, patientId, type, asOf)));
  if (canReadType(viewer.role, "Patient") && parts[0]!.length === 0) return null;
  return parts.flat();
}
