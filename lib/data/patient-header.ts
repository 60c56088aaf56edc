import "server-only";
import { cache } from "react";
import { can } from "@/lib/auth/permissions";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { ageOn } from "@/lib/domain/dates";
import { targetStanding, type TargetStanding } from "@/lib/domain/dosing/target-standing";
import { CourseStatus, type PregnancyCategory, type SexAtBirth } from "@/lib/generated/prisma/enums";
import { UNREVIEWED_RESULT } from "./labs";
import { getPatient } from "./patients";
import { isoDateText, queryRow } from "./query-rows";
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
    /**
     * The course in progress and its stored figures, or null when there is none: its own mg/kg, the patient's
     * lifetime mg/kg and, against the course's target, the lifetime's percent and standing (targetStanding).
     */
    activeCourse: {
      id: string;
      status: "ACTIVE" | "PAUSED";
      mgPerKg: number;
      lifetimeMgPerKg: number;
      targetMgPerKg: number | null;
      progressPercent: number;
      standing: TargetStanding;
      asOf: string;
    } | null;
    /** Unreviewed critical results, the latest first. */
    criticalAlerts: { id: string; test: string; specimenDate: string }[];
  } | null;
}

const headerFigures = z.object({
  summary: z
    .object({
      id: z.string(),
      status: z.enum(CourseStatus),
      mgPerKg: z.number(),
      lifetimeMgPerKg: z.number(),
      targetMgPerKg: z.number().nullable(),
      progressPercent: z.number(),
      remainingMg: z.number(),
      projectedTargetDate: isoDateText.nullable(),
      targetReachedOn: isoDateText.nullable(),
      asOf: isoDateText,
    })
    .nullable(),
  critical: z.array(z.object({ id: z.string(), test: z.string(), specimenDate: isoDateText })),
});

/**
 * The stored summary of the course dosing today and up to five unreviewed critical results (the latest
 * first; a result recorded twice once, as on the dashboard), in one statement. A course ended on a day
 * still ahead and the next course, started for a later day, both have a summary: the one already begun
 * heads the page (courses never overlap, so at most one has), else the first to begin.
 */
async function clinicalFigures(patientId: string) {
  return queryRow(
    db,
    headerFigures,
    Prisma.sql`
    SELECT
      (SELECT json_build_object('id', s.course_id, 'status', s.status, 'mgPerKg', s.mg_per_kg, 'lifetimeMgPerKg', s.lifetime_mg_per_kg,
          'targetMgPerKg', s.target_mg_per_kg, 'progressPercent', s.progress_percent, 'remainingMg', s.remaining_mg,
          'projectedTargetDate', s.projected_target_date::text, 'targetReachedOn', s.target_reached_on::text, 'asOf', s.as_of::text)
        FROM course_summaries s JOIN courses c ON c.id = s.course_id WHERE s.patient_id = ${patientId}::uuid
        ORDER BY c.start_date <= s.as_of DESC, c.start_date, c.id LIMIT 1) AS summary,
      COALESCE((SELECT json_agg(json_build_object('id', c.id, 'test', c.name, 'specimenDate', c.specimen_date::text) ORDER BY c.specimen_date DESC, c.id)
        FROM (SELECT r.id, t.name, r.specimen_date FROM lab_results r JOIN lab_tests t ON t.id = r.lab_test_id
          WHERE r.patient_id = ${patientId}::uuid AND r.flag = 'CRITICAL' AND ${UNREVIEWED_RESULT}
          ORDER BY r.specimen_date DESC, r.id LIMIT 5) c), '[]') AS critical`,
  );
}

function activeCourse(s: z.infer<typeof headerFigures>["summary"] & {}): NonNullable<PatientHeader["clinical"]>["activeCourse"] {
  const { id, mgPerKg, lifetimeMgPerKg, targetMgPerKg, progressPercent, asOf } = s;
  return {
    id,
    status: s.status === "PAUSED" ? "PAUSED" : "ACTIVE",
    mgPerKg,
    lifetimeMgPerKg,
    targetMgPerKg,
    progressPercent,
    standing: targetStanding(s, lifetimeMgPerKg),
    asOf,
  };
}

/**
 * What heads every page of a patient: identity, age, category, and for clinical roles the course in
 * progress with its cumulative mg/kg (the stored summary, kept current by each write and the daily
 * refresh) and any critical result still awaiting review. Office staff get identity and category only.
 */
export const getPatientHeader = cache(async (viewer: Viewer, patientId: string, asOf: string): Promise<PatientHeader | null> => {
  assertCan(viewer, "patients.read");
  const clinical = can(viewer.role, "courses.read") && can(viewer.role, "labs.read");
  const [patient, figures] = await Promise.all([
    getPatient(viewer, patientId), // the page's own read of the row, shared within the request
    clinical ? clinicalFigures(patientId) : null,
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
    clinical: figures
      ? {
          activeCourse: figures.summary && (figures.summary.status === "ACTIVE" || figures.summary.status === "PAUSED") ? activeCourse(figures.summary) : null,
          criticalAlerts: figures.critical,
        }
      : null,
  };
});
