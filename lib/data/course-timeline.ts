import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import type { IsoDate } from "@/lib/domain/dates";
import { describeCapsules } from "@/lib/domain/dosing/capsules";
import { productById } from "@/lib/domain/dosing/checks";
import { countingRegimens } from "@/lib/domain/dosing/course-days";
import { describeDispense, dispenseQuantity, intakeCapsules } from "@/lib/domain/dosing/dispense-quantity";
import { notDispensableReason } from "@/lib/domain/dosing/supply";
import { prescriptionRegimen, regimenOn } from "@/lib/domain/dosing/written-prescriptions";
import { describeSchedule, sameSchedule } from "@/lib/domain/dosing/schedule";
import { formatCount, formatDate, formatKg, formatMg } from "@/lib/format";
import { doseChangeSelect, patternFromRow, rangeFromRow, regimenFromRow, regimensFromRows, type DoseChangeRow } from "./course-mapping";
import { dispensedOf, dispensingsSelect, type Dispensed, type DispensingRow } from "./record-dispensing-rows";

/** Who voided an entry entered in error, when (clinic day) and why. */
export interface VoidInfo {
  on: string;
  by: string;
  reason: string;
}

const voidSelect = { voidedAt: true, voidReason: true, voidedBy: { select: { name: true } } } as const;
type Voidable = { voidedAt: Date | null; voidReason: string | null; voidedBy: { name: string } | null };

/** The course rows the patient page reads: every entry, voided ones included (shown struck through). */
export const courseTimelineInclude = {
  doseChanges: {
    select: { ...doseChangeSelect, ...voidSelect, reason: true, acknowledgedWarnings: true, prescriptionId: true, createdBy: { select: { name: true } } },
  },
  pauses: { select: { id: true, startDate: true, resumeDate: true, reason: true, ...voidSelect } },
  missedDoses: { select: { id: true, date: true, note: true, ...voidSelect } },
  prescriptions: {
    select: {
      id: true,
      product: true,
      capsuleStrengthMg: true,
      writtenOn: true,
      startDate: true,
      dispensedOn: true,
      daysSupply: true,
      refills: true,
      dispenseBy: true,
      acknowledgedWarnings: true,
      writtenForId: true,
      patternAnchor: true,
      prescriber: { select: { name: true } },
      dispensings: dispensingsSelect,
      ...voidSelect,
    },
  },
  reopenings: {
    select: { id: true, previousStatus: true, previousEndDate: true, previousEndReason: true, reason: true, reopenedBy: { select: { name: true } } },
  },
  paperVersions: {
    select: { id: true, startDate: true, endDate: true, startWeightGrams: true, recordedTotalMg: true, reason: true, replacedBy: { select: { name: true } } },
  },
  dermatologist: { select: { name: true } },
} as const;

export type TimelineEntry = { date: string; id: string; text: string; voided: VoidInfo | null } & (
  | {
      kind: "prescription";
      by: string;
      warnings: string[];
      /** What one fill dispenses (dispenseQuantity): "15 × 20 mg capsules (30 days)", or why it is not computed. */
      dispense: string | null;
      /** Why it can no longer be dispensed on the day read (its course ended, its last day to be dispensed passed), or null. */
      closed: string | null;
      /** The day the pharmacy dispensed it, with every date recorded (corrections kept), voided or not; null: not recorded. */
      dispensed: Dispensed | null;
    }
  | {
      kind: "dose";
      by: string;
      reason: string;
      superseded: boolean;
      /** In force on no day: a later version of the same day counts instead (the dose engine's rule). */
      replacedSameDay: boolean;
      corrects: string | null;
      warnings: string[];
    }
  | { kind: "pause"; reason: string }
  | { kind: "missed" }
  | { kind: "reopened"; by: string; reason: string }
  | { kind: "paper"; by: string; reason: string }
);

const voidInfo = (r: Voidable): VoidInfo | null =>
  r.voidedAt ? { on: clinicToday(r.voidedAt), by: r.voidedBy?.name ?? "", reason: r.voidReason ?? "" } : null;

/** "Claravis 20 mg capsules, 30-day supply, no refills, do not dispense after 5 Dec 2026". */
function describePrescription(p: { product: string; capsuleStrengthMg: number; daysSupply: number; refills: number; dispenseBy: Date | null }): string {
  const refills = p.refills ? `, ${formatCount(p.refills, "refill")}` : ", no refills";
  const dispenseBy = p.dispenseBy ? `, do not dispense after ${formatDate(isoFromDb(p.dispenseBy))}` : "";
  return `${productById(p.product)?.name ?? p.product} ${p.capsuleStrengthMg} mg capsules, ${p.daysSupply}-day supply${refills}${dispenseBy}`;
}

type CourseWithTimeline = {
  doseChanges: (DoseChangeRow & Voidable & { reason: string; acknowledgedWarnings: string[]; createdBy: { name: string } })[];
  pauses: (Voidable & { id: string; startDate: Date; resumeDate: Date | null; reason: string })[];
  missedDoses: (Voidable & { id: string; date: Date; note: string | null })[];
  prescriptions: (Parameters<typeof describePrescription>[0] &
    Voidable & {
      id: string;
      writtenOn: Date;
      startDate: Date;
      dispensedOn: Date | null;
      acknowledgedWarnings: string[];
      writtenForId: string | null;
      patternAnchor: Date | null;
      prescriber: { name: string };
      dispensings: DispensingRow[];
    })[];
  reopenings: { id: string; previousStatus: string; previousEndDate: Date; previousEndReason: string | null; reason: string; reopenedBy: { name: string } }[];
  paperVersions: {
    id: string;
    startDate: Date;
    endDate: Date;
    startWeightGrams: number;
    recordedTotalMg: number | null;
    reason: string;
    replacedBy: { name: string };
  }[];
};

/** "2 × 20 mg": whole capsules of the prescription's strength, the only one it dispenses; null when the dose is not. */
function capsulesPerIntake(mg: number, p: { product: string; capsuleStrengthMg: number }): string | null {
  const capsules = intakeCapsules(mg, p.capsuleStrengthMg);
  return capsules ? describeCapsules(capsules) : null;
}

/**
 * Every entry of a course, newest first; voided entries keep their place, with who voided them and why. `on`: the day
 * read and, when the course has ended by then, its last day (a prescription of an ended course is not to be dispensed).
 */
export function courseTimeline(c: CourseWithTimeline, on: { asOf: IsoDate; endedOn: IsoDate | null }): TimelineEntry[] {
  const superseded = new Set(c.doseChanges.map((d) => d.supersedesId).filter(Boolean));
  // The versions that count, by the dose engine's own rule (of one day's versions, the later).
  const live = regimensFromRows(c.doseChanges);
  const counts = new Set(countingRegimens(live).map((r) => r.id));
  const pauses = c.pauses
    .filter((p) => !p.voidedAt)
    .map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null }));
  const versions = new Map(c.doseChanges.map((d) => [d.id, d]));
  // What a prescription was written for: the version stored with it and the day its pattern counts from, whatever
  // the course's versions say now (prescriptionRegimen).
  const writtenFor = (p: CourseWithTimeline["prescriptions"][number]) => {
    const stored = p.writtenForId ? versions.get(p.writtenForId) : undefined;
    const patternAnchor = p.patternAnchor ? isoFromDb(p.patternAnchor) : null;
    return prescriptionRegimen({ startDate: isoFromDb(p.startDate), writtenFor: stored ? regimenFromRow(stored, 0) : null, patternAnchor }, live, pauses);
  };
  const prescriptionEntry = (p: CourseWithTimeline["prescriptions"][number]) => {
    const w = writtenFor(p);
    const now = regimenOn(live, isoFromDb(p.startDate));
    const capsules = w ? capsulesPerIntake(w.regimen.mgPerIntake, p) : null;
    // "written for <its regimen>" where the one in force on its start date is another now (a later correction or void).
    const other = w?.stored && !(now && sameSchedule(now, w.regimen)) ? describeSchedule(w.regimen) : null;
    const text = `${describePrescription(p)}${capsules ? `; per intake ${capsules}` : ""}${other ? `; written for ${other}` : ""}`;
    // What one fill dispenses: its regimen over its days supply from its start date (the FHIR request's own).
    const quantity = w
      ? dispenseQuantity({
          schedule: w.regimen,
          anchor: w.anchor,
          from: isoFromDb(p.startDate),
          daysSupply: p.daysSupply,
          capsuleStrengthMg: p.capsuleStrengthMg,
          strengthsMg: productById(p.product)?.strengthsMg ?? [],
        })
      : null;
    const dispenseBy = p.dispenseBy ? isoFromDb(p.dispenseBy) : null;
    const closed = notDispensableReason(on.endedOn, dispenseBy, on.asOf);
    return { text, dispense: quantity ? describeDispense(quantity) : null, closed };
  };
  const entries: TimelineEntry[] = [
    ...c.prescriptions.map((p) => ({
      kind: "prescription" as const,
      date: isoFromDb(p.writtenOn),
      id: p.id,
      ...prescriptionEntry(p),
      by: p.prescriber.name,
      warnings: p.acknowledgedWarnings,
      dispensed: dispensedOf(p, on.asOf),
      voided: voidInfo(p),
    })),
    ...c.doseChanges.map((d) => ({
      kind: "dose" as const,
      date: isoFromDb(d.effectiveFrom),
      id: d.id,
      text: describeSchedule({ mgPerIntake: d.mgPerIntake, intakesPerDay: d.intakesPerDay, pattern: patternFromRow(d), range: rangeFromRow(d) }),
      by: d.createdBy.name,
      reason: d.reason,
      superseded: superseded.has(d.id),
      replacedSameDay: !d.voidedAt && !superseded.has(d.id) && !counts.has(d.id),
      corrects: d.supersedesId,
      warnings: d.acknowledgedWarnings,
      voided: voidInfo(d),
    })),
    ...c.pauses.map((p) => ({
      kind: "pause" as const,
      date: isoFromDb(p.startDate),
      id: p.id,
      text: p.resumeDate ? `Paused until ${formatDate(isoFromDb(p.resumeDate))}` : "Paused (ongoing)",
      reason: p.reason,
      voided: voidInfo(p),
    })),
    ...c.missedDoses.map((m) => ({
      kind: "missed" as const,
      date: isoFromDb(m.date),
      id: m.id,
      text: m.note ? `Missed dose: ${m.note}` : "Missed dose",
      voided: voidInfo(m),
    })),
    // An ending undone by a reopening: shown at its date, struck through, with the reason.
    ...c.reopenings.map((r) => ({
      kind: "reopened" as const,
      date: isoFromDb(r.previousEndDate),
      id: r.id,
      text: `${r.previousStatus === "STOPPED" ? "Stopped" : "Completed"}${r.previousEndReason ? `: ${r.previousEndReason}` : ""}`,
      by: r.reopenedBy.name,
      reason: r.reason,
      voided: null,
    })),
    // A paper record's figures as they stood before a correction: shown at their start date, struck through.
    ...c.paperVersions.map((v) => ({
      kind: "paper" as const,
      date: isoFromDb(v.startDate),
      id: v.id,
      text:
        `${formatDate(isoFromDb(v.startDate))} to ${formatDate(isoFromDb(v.endDate))}` +
        `${v.recordedTotalMg !== null ? `, total ${formatMg(v.recordedTotalMg)}` : ""}, weight used ${formatKg(v.startWeightGrams)}`,
      by: v.replacedBy.name,
      reason: v.reason,
      voided: null,
    })),
  ];
  return entries.sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
}
