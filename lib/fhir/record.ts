import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { getDosingSettings } from "@/lib/data/config";
import { courseInputFromRow, doseChangeSelect, regimenFromRow } from "@/lib/data/course-mapping";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import type { Viewer } from "@/lib/data/viewer";
import { getPregnancyRules, loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import { dispensingOf, prescriptionsForHoldsSelect } from "@/lib/data/prescription-holds";
import type { IsoDate } from "@/lib/domain/dates";
import { courseStatusOn, inProgressOn } from "@/lib/domain/dosing/course-status";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import { productById } from "@/lib/domain/dosing/checks";
import { courseMedicationRequests } from "./medication-requests";
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
const productName = (id: string) => productById(id)?.name ?? id;

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

/**
 * Courses with everything their MedicationRequests and cumulative-dose Observations need, and the weights.
 * Dose changes, prescriptions and weights entered in error come too (their resources say so); every figure
 * is computed from the live ones only (courseInputFromRow leaves voided rows out).
 */
async function loadTreatment(patientId: string, asOf: IsoDate) {
  const [courses, weights, settings] = await Promise.all([
    db.course.findMany({
      where: { patientId },
      orderBy: [{ startDate: "asc" }, { createdAt: "asc" }],
      include: {
        doseChanges: {
          select: { ...doseChangeSelect, reason: true, prescriptionId: true, voidedAt: true, createdBy: { select: { name: true } } },
        },
        pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } },
        missedDoses: { where: { voidedAt: null }, select: { date: true } },
        prescriptions: {
          select: {
            id: true,
            product: true,
            capsuleStrengthMg: true,
            writtenOn: true,
            startDate: true,
            daysSupply: true,
            refills: true,
            dispenseBy: true,
            voidedAt: true,
            createdAt: true,
            writtenForId: true,
            patternAnchor: true,
            prescriber: { select: { name: true } },
          },
        },
      },
    }),
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

async function medicationRequests(patientId: string, asOf: IsoDate) {
  const [{ courses }, history, rulesOn, forHolds] = await Promise.all([
    loadTreatment(patientId, asOf),
    loadPregnancyHistory(db, patientId),
    getPregnancyRules(),
    db.patient.findUnique({ where: { id: patientId }, select: prescriptionsForHoldsSelect }),
  ]);
  // Each live prescription a hold reaches, as the course card and the printed summary say it (dispensingOf).
  const holds = history && forHolds ? dispensingOf(forHolds, history, rulesOn, asOf).holds : {};
  return courses.flatMap((c) => {
    // In creation order, as the dosing code reads them (sequence); voided ones keep their place, count for nothing.
    const ordered = [...c.doseChanges].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    const input = courseInputFromRow(c);
    return courseMedicationRequests(
      {
        id: c.id,
        patientId,
        // An end dated ahead takes effect on its day: until then the requests are active (or on hold).
        status: courseStatusOn({ status: c.status, endDate: input.endDate, pauses: input.pauses }, asOf),
        endDate: input.endDate,
        pauses: input.pauses,
        regimens: ordered.map((d, i) => ({
          ...regimenFromRow(d, i),
          enteredInError: d.voidedAt !== null,
          prescriptionId: d.prescriptionId,
          createdAt: d.createdAt,
          createdBy: d.createdBy.name,
          reason: d.reason,
        })),
        prescriptions: c.prescriptions.map(({ voidedAt, ...p }) => ({
          ...p,
          enteredInError: voidedAt !== null,
          holds: holds[p.id] ?? [],
          writtenOn: isoFromDb(p.writtenOn),
          startDate: isoFromDb(p.startDate),
          dispenseBy: p.dispenseBy ? isoFromDb(p.dispenseBy) : null,
          patternAnchor: p.patternAnchor ? isoFromDb(p.patternAnchor) : null,
          prescriber: p.prescriber.name,
        })),
      },
      productName,
      asOf,
    );
  });
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
