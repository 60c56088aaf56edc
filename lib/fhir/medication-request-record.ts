import "server-only";
import type { MedicationRequest } from "@medplum/fhirtypes";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { courseInputFromRow, doseChangeSelect, regimenFromRow } from "@/lib/data/course-mapping";
import { getPregnancyRules, loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import { dispensingOf, prescriptionsForHoldsSelect } from "@/lib/data/prescription-holds";
import type { IsoDate } from "@/lib/domain/dates";
import { productById } from "@/lib/domain/dosing/checks";
import { courseStatusOn } from "@/lib/domain/dosing/course-status";
import { courseMedicationRequests } from "./medication-requests";

/**
 * Each course with everything its MedicationRequests and cumulative-dose Observations need. Dose changes and
 * prescriptions entered in error come too (their resources say so); every figure is computed from the live ones only
 * (courseInputFromRow leaves voided rows out).
 */
export const treatmentInclude = {
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
      // Counting by supply, a prescription supplies from the day it was dispensed (courseInputFromRow).
      dispensedOn: true,
      voidedAt: true,
      createdAt: true,
      writtenForId: true,
      patternAnchor: true,
      prescriber: { select: { name: true } },
    },
  },
} satisfies Prisma.CourseInclude;

export const COURSE_ORDER = [{ startDate: "asc" }, { createdAt: "asc" }] satisfies Prisma.CourseOrderByWithRelationInput[];

/**
 * The courses as the treatment reads them and what the holds read (prescriptionsForHoldsSelect) in one statement
 * (relation joins): each prescription is read once, with what both need, voided ones included; the holds are given
 * the live ones only, as their own select reads them.
 */
const requestsSelect = {
  ...prescriptionsForHoldsSelect,
  courses: {
    orderBy: COURSE_ORDER,
    include: {
      ...treatmentInclude,
      prescriptions: { select: { ...treatmentInclude.prescriptions.select, ...prescriptionsForHoldsSelect.courses.select.prescriptions.select } },
    },
  },
} satisfies Prisma.PatientSelect;

async function loadRequestRows(patientId: string) {
  const row = await db.patient.findUnique({ where: { id: patientId }, select: requestsSelect });
  if (!row) return null;
  const live = row.courses.map((c) => ({ status: c.status, endDate: c.endDate, prescriptions: c.prescriptions.filter((p) => p.voidedAt === null) }));
  return { courses: row.courses, forHolds: { ...row, courses: live } };
}

const productName = (id: string) => productById(id)?.name ?? id;

/** Every course's prescriptions and dose changes as MedicationRequests on `asOf`, with the holds the course card prints. */
export async function medicationRequests(patientId: string, asOf: IsoDate): Promise<MedicationRequest[]> {
  const [rows, history, rulesOn] = await Promise.all([loadRequestRows(patientId), loadPregnancyHistory(db, patientId), getPregnancyRules()]);
  if (!rows) return [];
  // Each live prescription a hold reaches, as the course card and the printed summary say it (dispensingOf).
  const dispensing = history ? dispensingOf(rows.forHolds, history, rulesOn, asOf) : null;
  return rows.courses.flatMap((c) => {
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
        prescriptions: c.prescriptions.map(({ voidedAt, pregnancyTest: _test, ...p }) => ({
          ...p,
          enteredInError: voidedAt !== null,
          holds: dispensing?.holds[p.id] ?? [],
          // What its fill was confirmed as when recorded ("while held: …"), as the line under it says.
          dispensedConfirmed: dispensing?.held[p.id]?.confirmed ?? null,
          writtenOn: isoFromDb(p.writtenOn),
          startDate: isoFromDb(p.startDate),
          dispenseBy: p.dispenseBy ? isoFromDb(p.dispenseBy) : null,
          dispensedOn: p.dispensedOn ? isoFromDb(p.dispensedOn) : null,
          patternAnchor: p.patternAnchor ? isoFromDb(p.patternAnchor) : null,
          prescriber: p.prescriber.name,
        })),
      },
      productName,
      asOf,
    );
  });
}
