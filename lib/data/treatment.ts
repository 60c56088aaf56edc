import "server-only";
import { assertCan, type Viewer } from "./viewer";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { computeCourseDose, cumulativeBand } from "@/lib/domain/dosing/cumulative";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { courseStatusOn } from "@/lib/domain/dosing/course-status";
import { lifetimeTotals, targetStanding } from "@/lib/domain/dosing/target-standing";
import { courseDoseLimitFindings, courseWeightOn, dosesAhead } from "@/lib/domain/dosing/weight-dose-limits";
import { pregnancyEndedCourseOn } from "@/lib/domain/pregnancy/follow-ups";
import { getDosingSettings } from "./config";
import { courseInputFromRow, patternFromRow, rangeFromRow } from "./course-mapping";
import { courseTimeline, courseTimelineInclude } from "./course-timeline";

export type { TimelineEntry } from "./course-timeline";

/**
 * Everything the patient page shows about treatment: courses with their numbers and timeline, weights, for
 * a course a confirmed pregnancy ended, the day it was confirmed (pregnancyEndedCourseOn), and for a course in
 * progress, the dose limits its current dose is above at the day's weight, and those of each dose change
 * scheduled ahead at the latest weight (read from the rows already here: no query of its own).
 */
export async function getPatientTreatment(viewer: Viewer, patientId: string, asOf: string) {
  assertCan(viewer, "courses.read");
  // Courses and weights in one statement (relation joins).
  const [patient, settings] = await Promise.all([
    db.patient.findUnique({
      where: { id: patientId },
      select: {
        courses: { orderBy: { startDate: "desc" }, include: courseTimelineInclude },
        weights: {
          orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }],
          select: {
            id: true,
            measuredOn: true,
            weightGrams: true,
            voidedAt: true,
            replacedById: true,
            voidReason: true,
            voidedBy: { select: { name: true } },
            corrects: { select: { measuredOn: true } },
          },
        },
        pregnancyDecisions: {
          where: { outcome: "PREGNANCY_CONFIRMED" },
          select: { decidedOn: true, labResult: { select: { specimenDate: true } } },
        },
      },
    }),
    getDosingSettings(asOf),
  ]);
  const courses = patient?.courses ?? [];
  const weights = patient?.weights ?? [];
  // A weight entered in error stays in the history, struck through, and counts for nothing.
  const weightHistory = weights.map((w) => ({
    id: w.id,
    date: isoFromDb(w.measuredOn),
    grams: w.weightGrams,
    // A corrected entry was replaced by its correction (or by a second weight of its day); another was entered in error.
    voided: w.voidedAt ? { on: clinicToday(w.voidedAt), by: w.voidedBy?.name ?? "", reason: w.voidReason ?? "", replaced: w.replacedById !== null } : null,
    corrects: w.corrects ? isoFromDb(w.corrects.measuredOn) : null,
  }));
  const weightPoints = weightHistory.filter((w) => !w.voided).map((w) => ({ date: w.date, grams: w.grams }));
  const confirmed = (patient?.pregnancyDecisions ?? []).map((d) => ({ testDate: isoFromDb(d.labResult.specimenDate), decidedOn: isoFromDb(d.decidedOn) }));
  const detailed = courses.map((c) => {
    const input = courseInputFromRow(c);
    const summary = computeCourseDose(input, weightPoints, asOf, settings);
    const status = courseStatusOn({ status: c.status, endDate: input.endDate, pauses: input.pauses }, asOf);
    const timeline = courseTimeline(c, { asOf, endedOn: status === "COMPLETED" || status === "STOPPED" ? input.endDate : null });
    const current = c.doseChanges.filter((d) => !d.voidedAt);
    const superseded = new Set(current.map((d) => d.supersedesId).filter(Boolean));
    const latestRx = c.prescriptions.filter((p) => !p.voidedAt).sort((a, b) => b.writtenOn.getTime() - a.writtenOn.getTime())[0] ?? null;
    // In progress on the day, the limits its dose in force, and each dose change scheduled ahead, is above at the
    // weight the dose check uses on its day, whoever recorded the weight: what the weight check asks, said
    // whether new or not (lib/domain/dosing/weight-dose-limits.ts).
    const doseLimits =
      !c.paperRecord && (status === "ACTIVE" || status === "PAUSED")
        ? courseDoseLimitFindings(c.id, dosesAhead(input, asOf), (day) => courseWeightOn(weightPoints, input, day), asOf).map(({ limit, message, from }) => ({
            limit,
            message,
            from: from ?? null,
          }))
        : [];
    return {
      id: c.id,
      version: c.version,
      status: c.status,
      regimenIntent: c.regimenIntent,
      indication: c.indication,
      startDate: isoFromDb(c.startDate),
      endDate: c.endDate ? isoFromDb(c.endDate) : null,
      endReason: c.endReason,
      pregnancyConfirmedOn: pregnancyEndedCourseOn(
        { startDate: input.startDate, endDate: input.endDate, paperRecord: c.paperRecord, pauses: input.pauses },
        confirmed,
        asOf,
      ),
      targetMgPerKg: c.targetMgPerKg,
      startWeightGrams: c.startWeightGrams,
      dermatologist: c.dermatologist.name,
      latestPrescription: latestRx ? { product: latestRx.product, capsuleStrengthMg: latestRx.capsuleStrengthMg, daysSupply: latestRx.daysSupply } : null,
      paperRecord: c.paperRecord,
      recordedTotalMg: c.recordedTotalMg,
      // The entries a correction may name, in effective order, each with its regimen for the form's fields.
      activeDoseChanges: current
        .filter((d) => !superseded.has(d.id))
        .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.createdAt.getTime() - b.createdAt.getTime())
        .map((d) => ({
          id: d.id,
          date: isoFromDb(d.effectiveFrom),
          text: describeSchedule({ mgPerIntake: d.mgPerIntake, intakesPerDay: d.intakesPerDay, pattern: patternFromRow(d), range: rangeFromRow(d) }),
          schedule: {
            mgPerIntake: d.mgPerIntake,
            intakesPerDay: d.intakesPerDay,
            pattern: d.pattern,
            everyNDays: d.everyNDays,
            weekdays: d.weekdays,
            timesPerWeek: d.timesPerWeek,
            cycleOnDays: d.cycleOnDays,
            cycleOffDays: d.cycleOffDays,
            mgPerIntakeMin: d.mgPerIntakeMin,
            mgPerIntakeMax: d.mgPerIntakeMax,
            rangeNMin: d.rangeNMin,
            rangeNMax: d.rangeNMax,
          },
        })),
      summary,
      doseLimits,
      band: cumulativeBand(input, weightPoints, asOf, settings),
      timeline,
    };
  });
  const lifetime = lifetimeTotals(detailed.map((c) => c.summary));
  return {
    // Each course against its target by the lifetime total: what its card, chart and printout say (target-standing.ts).
    courses: detailed.map((c) => ({ ...c, standing: targetStanding(c.summary, lifetime.mgPerKg) })),
    lifetime,
    weights: weightPoints,
    weightHistory,
    latestWeightGrams: weightPoints.at(-1)?.grams ?? null,
    settings,
  };
}
