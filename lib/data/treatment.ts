import "server-only";
import { assertCan, type Viewer } from "./viewer";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { computeCourseDose, lifetimeTotals } from "@/lib/domain/dosing/cumulative";
import { productById } from "@/lib/domain/dosing/checks";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { formatDate } from "@/lib/format";
import { getDosingSettings } from "./config";
import { courseInputFromRow, doseChangeSelect, patternFromRow } from "./course-mapping";

const courseInclude = {
  doseChanges: { select: { ...doseChangeSelect, reason: true, acknowledgedWarnings: true, prescriptionId: true, createdBy: { select: { name: true } } } },
  pauses: { select: { id: true, startDate: true, resumeDate: true, reason: true } },
  missedDoses: { select: { date: true, note: true } },
  prescriptions: {
    select: {
      id: true,
      product: true,
      capsuleStrengthMg: true,
      writtenOn: true,
      daysSupply: true,
      refills: true,
      dispenseBy: true,
      acknowledgedWarnings: true,
      prescriber: { select: { name: true } },
    },
  },
  dermatologist: { select: { name: true } },
} as const;

export type TimelineEntry =
  | { kind: "prescription"; date: string; id: string; text: string; by: string; warnings: string[] }
  | { kind: "dose"; date: string; id: string; text: string; by: string; reason: string; superseded: boolean; corrects: string | null; warnings: string[] }
  | { kind: "pause"; date: string; id: string; text: string; reason: string }
  | { kind: "missed"; date: string; id: string; text: string };

/** "Claravis 20 mg capsules, 30-day supply, no refills, do not dispense after 5 Dec 2026". */
function describePrescription(p: { product: string; capsuleStrengthMg: number; daysSupply: number; refills: number; dispenseBy: Date | null }): string {
  const refills = p.refills ? `, ${p.refills} refill(s)` : ", no refills";
  const dispenseBy = p.dispenseBy ? `, do not dispense after ${formatDate(isoFromDb(p.dispenseBy))}` : "";
  return `${productById(p.product)?.name ?? p.product} ${p.capsuleStrengthMg} mg capsules, ${p.daysSupply}-day supply${refills}${dispenseBy}`;
}

/** Everything the patient page shows about treatment: courses with their numbers and timeline, weights. */
export async function getPatientTreatment(viewer: Viewer, patientId: string, asOf: string) {
  assertCan(viewer, "courses.read");
  const [courses, weights, settings] = await Promise.all([
    db.course.findMany({ where: { patientId }, orderBy: { startDate: "desc" }, include: courseInclude }),
    db.weightMeasurement.findMany({
      where: { patientId },
      orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }],
      select: {
        id: true,
        measuredOn: true,
        weightGrams: true,
        voidedAt: true,
        voidReason: true,
        voidedBy: { select: { name: true } },
        corrects: { select: { measuredOn: true } },
      },
    }),
    getDosingSettings(asOf),
  ]);
  // A weight entered in error stays in the history, struck through, and counts for nothing.
  const weightHistory = weights.map((w) => ({
    id: w.id,
    date: isoFromDb(w.measuredOn),
    grams: w.weightGrams,
    voided: w.voidedAt ? { on: clinicToday(w.voidedAt), by: w.voidedBy?.name ?? "", reason: w.voidReason ?? "" } : null,
    corrects: w.corrects ? isoFromDb(w.corrects.measuredOn) : null,
  }));
  const weightPoints = weightHistory.filter((w) => !w.voided).map((w) => ({ date: w.date, grams: w.grams }));
  const detailed = courses.map((c) => {
    const summary = computeCourseDose(courseInputFromRow(c), weightPoints, asOf, settings);
    const superseded = new Set(c.doseChanges.map((d) => d.supersedesId).filter(Boolean));
    const timeline: TimelineEntry[] = [
      ...c.prescriptions.map((p) => ({
        kind: "prescription" as const,
        date: isoFromDb(p.writtenOn),
        id: p.id,
        text: describePrescription(p),
        by: p.prescriber.name,
        warnings: p.acknowledgedWarnings,
      })),
      ...c.doseChanges.map((d) => ({
        kind: "dose" as const,
        date: isoFromDb(d.effectiveFrom),
        id: d.id,
        text: describeSchedule({ mgPerIntake: d.mgPerIntake, intakesPerDay: d.intakesPerDay, pattern: patternFromRow(d) }),
        by: d.createdBy.name,
        reason: d.reason,
        superseded: superseded.has(d.id),
        corrects: d.supersedesId,
        warnings: d.acknowledgedWarnings,
      })),
      ...c.pauses.map((p) => ({
        kind: "pause" as const,
        date: isoFromDb(p.startDate),
        id: p.id,
        text: p.resumeDate ? `Paused until ${formatDate(isoFromDb(p.resumeDate))}` : "Paused (ongoing)",
        reason: p.reason,
      })),
      ...c.missedDoses.map((m) => ({
        kind: "missed" as const,
        date: isoFromDb(m.date),
        id: isoFromDb(m.date),
        text: m.note ? `Missed dose: ${m.note}` : "Missed dose",
      })),
    ].sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
    const latestRx = [...c.prescriptions].sort((a, b) => b.writtenOn.getTime() - a.writtenOn.getTime())[0] ?? null;
    return {
      id: c.id,
      version: c.version,
      status: c.status,
      regimenIntent: c.regimenIntent,
      indication: c.indication,
      startDate: isoFromDb(c.startDate),
      endDate: c.endDate ? isoFromDb(c.endDate) : null,
      endReason: c.endReason,
      targetMgPerKg: c.targetMgPerKg,
      startWeightGrams: c.startWeightGrams,
      dermatologist: c.dermatologist.name,
      latestPrescription: latestRx ? { product: latestRx.product, capsuleStrengthMg: latestRx.capsuleStrengthMg, daysSupply: latestRx.daysSupply } : null,
      activeDoseChanges: c.doseChanges
        .filter((d) => !superseded.has(d.id))
        .map((d) => ({
          id: d.id,
          date: isoFromDb(d.effectiveFrom),
          text: describeSchedule({ mgPerIntake: d.mgPerIntake, intakesPerDay: d.intakesPerDay, pattern: patternFromRow(d) }),
        })),
      summary,
      timeline,
    };
  });
  return {
    courses: detailed,
    lifetime: lifetimeTotals(detailed.map((c) => c.summary)),
    weights: weightPoints,
    weightHistory,
    latestWeightGrams: weightPoints.at(-1)?.grams ?? null,
    settings,
  };
}
