import "server-only";
import { can } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { ageOn } from "@/lib/domain/dates";
import type { PregnancyCategory, SexAtBirth } from "@/lib/generated/prisma/enums";
import { getPatient } from "./patients";
import { assertCan, type Viewer } from "./viewer";

export interface PatientHeader {
  id: string;
  firstName: string;
  lastName: string;
  mrn: string;
  dateOfBirth: string;
  age: number;
  sexAtBirth: SexAtBirth;
  pregnancyCategory: PregnancyCategory;
  /** Clinical roles only (null for office staff): what the header says of treatment and results. */
  clinical: {
    /** The course in progress and its stored figures, or null when there is none. */
    activeCourse: { id: string; status: "ACTIVE" | "PAUSED"; mgPerKg: number; targetMgPerKg: number | null; progressPercent: number; asOf: string } | null;
    /** Unreviewed critical results, the latest first. */
    criticalAlerts: { id: string; test: string; specimenDate: string }[];
  } | null;
}

/**
 * What heads every page of a patient: identity, age, category, and for clinical roles the course in
 * progress with its cumulative mg/kg (the stored summary, kept current by each write and the daily
 * refresh) and any critical result still awaiting review. Office staff get identity and category only.
 */
export async function getPatientHeader(viewer: Viewer, patientId: string, asOf: string): Promise<PatientHeader | null> {
  assertCan(viewer, "patients.read");
  const clinical = can(viewer.role, "courses.read") && can(viewer.role, "labs.read");
  const [patient, summary, critical] = await Promise.all([
    getPatient(viewer, patientId), // the page's own read of the row, shared within the request
    clinical
      ? db.courseSummary.findFirst({
          where: { patientId },
          orderBy: { asOf: "desc" },
          select: { courseId: true, status: true, mgPerKg: true, targetMgPerKg: true, progressPercent: true, asOf: true },
        })
      : null,
    clinical
      ? db.labResult.findMany({
          where: { patientId, flag: "CRITICAL", acknowledgedAt: null, voidedAt: null },
          orderBy: [{ specimenDate: "desc" }, { id: "asc" }],
          take: 5,
          select: { id: true, specimenDate: true, labTest: { select: { name: true } } },
        })
      : [],
  ]);
  if (!patient) return null;
  return {
    id: patient.id,
    firstName: patient.firstName,
    lastName: patient.lastName,
    mrn: patient.mrn,
    dateOfBirth: patient.dateOfBirth,
    sexAtBirth: patient.sexAtBirth,
    pregnancyCategory: patient.pregnancyCategory,
    age: ageOn(patient.dateOfBirth, asOf),
    clinical: clinical
      ? {
          activeCourse:
            summary && (summary.status === "ACTIVE" || summary.status === "PAUSED")
              ? {
                  id: summary.courseId,
                  status: summary.status,
                  mgPerKg: summary.mgPerKg,
                  targetMgPerKg: summary.targetMgPerKg,
                  progressPercent: summary.progressPercent,
                  asOf: isoFromDb(summary.asOf),
                }
              : null,
          criticalAlerts: critical.map((r) => ({ id: r.id, test: r.labTest.name, specimenDate: isoFromDb(r.specimenDate) })),
        }
      : null,
  };
}
