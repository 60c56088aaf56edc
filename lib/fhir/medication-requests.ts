import type { Annotation, MedicationRequest } from "@medplum/fhirtypes";
import { addDays, type IsoDate } from "@/lib/domain/dates";
import { productById } from "@/lib/domain/dosing/checks";
import { effectiveRegimens } from "@/lib/domain/dosing/course-days";
import type { Pause, RegimenVersion } from "@/lib/domain/dosing/course-input";
import { pausedOn } from "@/lib/domain/dosing/course-status";
import { anchorOn, describeDispense, dispenseQuantity } from "@/lib/domain/dosing/dispense-quantity";
import { prescriptionSupplyEnds } from "@/lib/domain/dosing/supply";
import { prescriptionRegimen } from "@/lib/domain/dosing/written-prescriptions";
import type { DispenseHold } from "@/lib/domain/pregnancy/dispensing";
import { dosageInstructions, type CycleCourse } from "./dosage";
import { requestDispensing } from "./prescription-dispensing";
import { COURSE_SYSTEM, ISOTRETINOIN, UCUM } from "./systems";

export type CourseStatus = "ACTIVE" | "PAUSED" | "COMPLETED" | "STOPPED";

export interface CourseForRequests {
  id: string;
  patientId: string;
  /** On the day of the request (courseStatusOn): a course ended on a last day still ahead is in progress. */
  status: CourseStatus;
  endDate: IsoDate | null;
  /** The course's pauses not voided: an on/off cycle counts from the resume day after one, as the dose does. */
  pauses?: readonly Pause[];
  /** In creation order (`sequence`), corrections and entries voided as entered in error included. */
  regimens: (RegimenVersion & { enteredInError: boolean; prescriptionId: string | null; createdAt: Date; createdBy: string; reason: string })[];
  prescriptions: {
    id: string;
    product: string;
    capsuleStrengthMg: number;
    writtenOn: IsoDate;
    startDate: IsoDate;
    daysSupply: number;
    refills: number;
    dispenseBy: IsoDate | null;
    /** The day a pharmacy dispensed it, when recorded (absent: not recorded). */
    dispensedOn?: IsoDate | null;
    /** Why it must not be dispensed today (lib/domain/pregnancy/dispensing.ts); empty when nothing holds it. */
    holds: readonly DispenseHold[];
    /** What its current dispensed date was confirmed as when recorded ("while held: …"), as the line under it says. */
    dispensedConfirmed?: string | null;
    prescriber: string;
    createdAt: Date;
    /** Voided as entered in error: never to be dispensed, outside the chain of prescriptions. */
    enteredInError: boolean;
    /** The version it was written for (one of `regimens`), stored when written; null for one written before that was recorded, not worked out. */
    writtenForId: string | null;
    /** The day that version's pattern counts from on its start date, stored with it. */
    patternAnchor: IsoDate | null;
  }[];
}

/**
 * What one fill of a prescription dispenses (lib/domain/dosing/dispense-quantity.ts): the regimen it was written for,
 * its pattern counted from the day stored with it (prescriptionRegimen), over its days supply.
 */
function dispenseOf(p: CourseForRequests["prescriptions"][number], regimen: RegimenVersion, anchor: IsoDate) {
  return dispenseQuantity({
    schedule: regimen,
    anchor,
    from: p.startDate,
    daysSupply: p.daysSupply,
    capsuleStrengthMg: p.capsuleStrengthMg,
    strengthsMg: productById(p.product)?.strengthsMg ?? [],
  });
}

export const prescriptionRequestId = (id: string) => `rx-${id}`;
export const doseChangeRequestId = (id: string) => `dose-${id}`;

/** An open-ended cycle regimen is written out this many days past the day of the request. */
export const OPEN_CYCLE_DAYS_AHEAD = 90;

/**
 * Status by the course's state: a completed course's requests are completed; a stopped course's latest
 * one is stopped; in a course in progress, what ended before today is completed and the rest is active,
 * or on hold while the course is paused. A prescription's is then read against its dispensing (requestDispensing).
 */
function requestStatus(course: CourseForRequests, lastDay: IsoDate | null, isLatest: boolean, asOf: IsoDate): MedicationRequest["status"] {
  if (course.status === "COMPLETED") return "completed";
  if (course.status === "STOPPED") return isLatest ? "stopped" : "completed";
  if (lastDay !== null && lastDay < asOf) return "completed";
  return course.status === "PAUSED" ? "on-hold" : "active";
}

const minDay = (a: IsoDate | null, b: IsoDate | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Every prescription and every dose change of a course as MedicationRequests for isotretinoin (RxNorm
 * 6064). Dose changes chain through priorPrescription in the order they take effect; a corrected entry is
 * entered-in-error, and one replaced the same day before it took effect is cancelled. Prescriptions chain
 * in the order written and carry their supply, refills and "do not dispense after" date, and say what the line
 * under them on the patient page says (prescription-dispensing.ts). A prescription that would be active (or on
 * hold while paused) but must not be dispensed (prescribing stopped by a pregnancy test, its own test voided, or
 * the contraception or counseling it was written on voided: each within its dispense-by date) is on hold with the
 * reason as statusReason, and carries no validity period: nothing in it reads as dispensable. One a pharmacy
 * dispensed carries the day in a note, and is held only from its refills, while it has any ("Do not dispense a
 * refill: …"). One never dispensed that no longer can be (its course ended, its last day to be dispensed passed) is
 * stopped, or cancelled when its supply never began, "Not to be dispensed: <why>". A prescription or dose change
 * voided as entered in error stays, as entered-in-error and outside both chains, so a client that read it learns
 * it was wrong.
 */
export function courseMedicationRequests(course: CourseForRequests, productName: (id: string) => string, asOf: IsoDate): MedicationRequest[] {
  const common = {
    resourceType: "MedicationRequest" as const,
    intent: "order" as const,
    subject: { reference: `Patient/${course.patientId}` },
    groupIdentifier: { system: COURSE_SYSTEM, value: course.id },
  };
  const live = course.regimens.filter((r) => !r.enteredInError);
  // A version dated after the course's last day never took effect: cancelled, outside the chain.
  const effective = effectiveRegimens(live).filter((r) => course.endDate === null || r.effectiveFrom <= course.endDate);
  // Same-day versions: the later replaces the earlier before it takes effect (lib/domain/dosing/course-days.ts).
  const chain = effective.filter((r, i) => effective[i + 1]?.effectiveFrom !== r.effectiveFrom);
  const pauses = course.pauses ?? [];
  const cycleOf = (r: { effectiveFrom: IsoDate }): CycleCourse => ({
    anchorOn: (day) => anchorOn(r.effectiveFrom, pauses, day),
    pausedOn: (day) => pausedOn(pauses, day),
  });
  const inChain = new Map(chain.map((r, i) => [r.id, i]));
  const superseded = new Set(live.map((r) => r.supersedesId).filter(Boolean));
  const doseRequests = course.regimens.map((r): MedicationRequest => {
    const index = inChain.get(r.id);
    const next = index === undefined ? undefined : chain[index + 1];
    const lastDay = index === undefined ? null : minDay(next ? addDays(next.effectiveFrom, -1) : null, course.endDate);
    const status =
      r.enteredInError || superseded.has(r.id)
        ? "entered-in-error"
        : index === undefined
          ? "cancelled"
          : requestStatus(course, lastDay, index === chain.length - 1, asOf);
    const prior = index !== undefined && index > 0 ? chain[index - 1]! : null;
    const cycleThrough = addDays(asOf > r.effectiveFrom ? asOf : r.effectiveFrom, OPEN_CYCLE_DAYS_AHEAD);
    return {
      ...common,
      id: doseChangeRequestId(r.id),
      status,
      medicationCodeableConcept: { coding: [ISOTRETINOIN], text: "Isotretinoin" },
      authoredOn: r.createdAt.toISOString(),
      requester: { display: r.createdBy },
      dosageInstruction: dosageInstructions(r, { start: r.effectiveFrom, end: lastDay }, cycleThrough, cycleOf(r)),
      note: [{ text: r.reason }],
      ...(r.prescriptionId ? { basedOn: [{ reference: `MedicationRequest/${prescriptionRequestId(r.prescriptionId)}` }] } : {}),
      ...(prior ? { priorPrescription: { reference: `MedicationRequest/${doseChangeRequestId(prior.id)}` } } : {}),
    };
  });
  const ordered = [...course.prescriptions].sort((a, b) =>
    a.writtenOn === b.writtenOn ? a.createdAt.getTime() - b.createdAt.getTime() : a.writtenOn < b.writtenOn ? -1 : 1,
  );
  const written = ordered.filter((p) => !p.enteredInError);
  const rxRequests = ordered.map((p): MedicationRequest => {
    const i = written.indexOf(p);
    const supplyEnd = prescriptionSupplyEnds(p);
    // The regimen it was written for, stored with it, whatever the course's versions say now; else (written before
    // that was recorded) the one in force on its start date.
    const own = prescriptionRegimen({ ...p, writtenFor: course.regimens.find((r) => r.id === p.writtenForId) ?? null }, live, pauses);
    const regimen = own?.regimen ?? chain[0];
    // Its cycle counts from the stored day through its start date; a resume after that starts it again, as the course counts.
    const resumedSince = pauses.filter((x) => x.resumeDate !== null && x.resumeDate > p.startDate);
    const cycle = own ? { anchorOn: (day: IsoDate) => anchorOn(own.anchor, resumedSince, day), pausedOn: (day: IsoDate) => pausedOn(pauses, day) } : null;
    const prior = i > 0 ? written[i - 1]! : null;
    // The line under it on the patient page, said as status and reason: dispensed, held, or no longer dispensable.
    const d = requestDispensing(p, course, requestStatus(course, supplyEnd, i === written.length - 1, asOf), asOf);
    const quantity = regimen ? dispenseOf(p, regimen, (cycle ?? cycleOf(regimen)).anchorOn(p.startDate)) : null;
    const notes: Annotation[] = [
      // MedicationRequest has no element for a fill that happened (MedicationDispense records one): its day as the note's time.
      ...(d.dispensedOn && d.dispensedText ? [{ time: d.dispensedOn, text: d.dispensedText }] : []),
      // A quantity not computed (a dose not whole capsules of the strength named, stored before that was refused):
      // why, in words, as the instruction only while it may be dispensed.
      ...(quantity && !quantity.ok ? [{ text: `${d.instruct ? "Dispense" : "One fill"}: ${describeDispense(quantity)}` }] : []),
    ];
    return {
      ...common,
      id: prescriptionRequestId(p.id),
      status: d.status,
      ...(d.reason ? { statusReason: { text: d.reason } } : {}),
      medicationCodeableConcept: { coding: [ISOTRETINOIN], text: `${productName(p.product)} ${p.capsuleStrengthMg} mg capsule` },
      authoredOn: p.writtenOn,
      requester: { display: p.prescriber },
      ...(regimen
        ? {
            dosageInstruction: dosageInstructions(
              regimen,
              { start: p.startDate, end: addDays(p.startDate, p.daysSupply - 1) },
              p.startDate,
              cycle ?? cycleOf(regimen),
            ),
          }
        : {}),
      dispenseRequest: {
        ...(p.dispenseBy && !d.held && !p.enteredInError ? { validityPeriod: { start: p.writtenOn, end: p.dispenseBy } } : {}),
        numberOfRepeatsAllowed: p.refills,
        ...(quantity?.ok ? { quantity: { value: quantity.totalCapsules, unit: "capsule", system: UCUM, code: "{capsule}" } } : {}),
        expectedSupplyDuration: { value: p.daysSupply, unit: "days", system: UCUM, code: "d" },
      },
      ...(notes.length ? { note: notes } : {}),
      ...(prior ? { priorPrescription: { reference: `MedicationRequest/${prescriptionRequestId(prior.id)}` } } : {}),
    };
  });
  return [...rxRequests, ...doseRequests];
}
