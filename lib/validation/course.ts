import { z } from "zod";
import { DOSE_WARNING_CODES, PRODUCT_IDS } from "@/lib/domain/dosing/checks";
import { WRITTEN_PRESCRIPTION_CODE } from "@/lib/domain/dosing/written-prescriptions";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import { PRESCRIBING_CONFIRMATION_CODES } from "@/lib/domain/pregnancy";
import { PRESCRIPTION_CHECK_CODES } from "@/lib/domain/dosing/prescription-checks";
import { COMPLETED_BELOW_TARGET_CODE, defaultTargetMgPerKg } from "@/lib/domain/dosing/targets";
import { RECENT_LABS_CODE } from "@/lib/domain/monitoring/recent-labs";
import { SAME_DAY_WEIGHT_CODE, WEIGHT_CHANGE_CODE, weightToReplace } from "@/lib/domain/weight-entry";
import { WEIGHT_DOSE_LIMIT_CODE, WEIGHT_DOSE_MAXIMUM_CODE } from "@/lib/domain/dosing/weight-dose-limits";
import { DOSE_IN_FORCE_LIMIT_CODE, DOSE_IN_FORCE_MAXIMUM_CODE } from "@/lib/domain/dosing/dose-in-force-limits";
import { DosePattern, RegimenIntent } from "@/lib/generated/prisma/enums";
import {
  blankAsAbsent,
  correctionReason,
  indication,
  isoDate,
  optionalText,
  recordVersion,
  repeatedField,
  requiredText,
  uuid,
  weightKgToGrams,
  wholeMg,
  wholeNumber,
} from "./common";
import { confirmationsField, tokenOf } from "./confirmations";
import { confirmedContraceptionId } from "./pregnancy";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** Contraception is confirmed at the counseling it is recorded with: a confirmation without the counseling is refused. */
const CONFIRMED_AT_COUNSELING = "Contraception is confirmed at counseling: tick that you counseled the patient at this visit too.";
function refineConfirmation(v: { counseled: boolean; confirmedContraceptionId?: string }, ctx: z.RefinementCtx) {
  if (v.confirmedContraceptionId && !v.counseled) ctx.addIssue({ code: "custom", path: ["confirmedContraceptionId"], message: CONFIRMED_AT_COUNSELING });
}
const optionalWhole = (label: string, min: number, max: number) => z.preprocess(blankToUndefined, wholeNumber(label, min, max).optional());
const optionalMg = (label: string, min: number, max: number) => z.preprocess(blankToUndefined, wholeMg(label, min, max).optional());

/**
 * Everything a prescriber may confirm on a dose write: the dose checks', a prescription's change of regimen or early refill, the
 * pregnancy rules', the dose a back-dated write leaves in force (dose-in-force-limits.ts), a written prescription's (written-prescriptions.ts).
 */
const WARNING_CODES = [
  ...DOSE_WARNING_CODES,
  ...PRESCRIPTION_CHECK_CODES,
  ...PRESCRIBING_CONFIRMATION_CODES,
  RECENT_LABS_CODE,
  WEIGHT_CHANGE_CODE,
  COMPLETED_BELOW_TARGET_CODE,
  DOSE_IN_FORCE_LIMIT_CODE,
  DOSE_IN_FORCE_MAXIMUM_CODE,
  WRITTEN_PRESCRIPTION_CODE,
] as const;
const acknowledged = confirmationsField(tokenOf(WARNING_CODES), WARNING_CODES.length);

/** What the course status form may do to a course. */
export const COURSE_TRANSITIONS = ["PAUSE", "RESUME", "COMPLETE", "STOP"] as const;
export type CourseTransition = (typeof COURSE_TRANSITIONS)[number];

/** The schedule fields shared by the start-course, prescription and dose-change forms. */
export const scheduleFields = {
  mgPerIntake: wholeMg("the dose", 1, 200),
  intakesPerDay: z.preprocess((v) => blankToUndefined(v) ?? "1", wholeNumber("intakes per day", 1, 4)),
  pattern: z.enum(DosePattern, { error: "Choose how often it is taken." }),
  everyNDays: optionalWhole("the interval", 2, 14),
  weekdays: repeatedField(z.array(z.enum(["1", "2", "3", "4", "5", "6", "7"])).max(7)),
  timesPerWeek: optionalWhole("times per week", 1, 6),
  cycleOnDays: optionalWhole("days on", 1, 28),
  cycleOffDays: optionalWhole("days off", 1, 84),
  /** A regimen written as a range: optional bounds around the planned dose and N. */
  mgPerIntakeMin: optionalMg("the lowest dose", 1, 200),
  mgPerIntakeMax: optionalMg("the highest dose", 1, 200),
  // Labelled "at least" and "at most" on the form (components/schedule-fields.tsx).
  rangeNMin: optionalWhole('the "at least" value', 1, 28),
  rangeNMax: optionalWhole('the "at most" value', 1, 28),
  ack: acknowledged,
};

type ScheduleFieldValues = {
  mgPerIntake: number;
  intakesPerDay: number;
  pattern: Schedule["pattern"]["kind"];
  everyNDays?: number;
  weekdays: string[];
  timesPerWeek?: number;
  cycleOnDays?: number;
  cycleOffDays?: number;
  mgPerIntakeMin?: number;
  mgPerIntakeMax?: number;
  rangeNMin?: number;
  rangeNMax?: number;
};

/** Checks that the pattern's own fields are present; adds field errors where they are not. */
export function refinePattern(v: ScheduleFieldValues, ctx: z.RefinementCtx) {
  const need = (field: keyof ScheduleFieldValues, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
  if (v.pattern === "EVERY_N_DAYS" && v.everyNDays === undefined) need("everyNDays", "Enter every how many days (2 = every other day).");
  if (v.pattern === "WEEKDAYS" && v.weekdays.length === 0) need("weekdays", "Choose at least one weekday.");
  if (v.pattern === "TIMES_PER_WEEK" && v.timesPerWeek === undefined) need("timesPerWeek", "Enter how many times a week.");
  if (v.pattern === "CYCLE" && (v.cycleOnDays === undefined || v.cycleOffDays === undefined)) need("cycleOnDays", "Enter the days on and the days off.");
  if (v.mgPerIntakeMin !== undefined && v.mgPerIntakeMin > v.mgPerIntake) need("mgPerIntakeMin", "The lowest dose cannot be above the planned dose.");
  if (v.mgPerIntakeMax !== undefined && v.mgPerIntakeMax < v.mgPerIntake) need("mgPerIntakeMax", "The highest dose cannot be below the planned dose.");
  const n = v.pattern === "EVERY_N_DAYS" ? v.everyNDays : v.pattern === "TIMES_PER_WEEK" ? v.timesPerWeek : undefined;
  if ((v.rangeNMin !== undefined || v.rangeNMax !== undefined) && n === undefined) need("rangeNMin", "A range of N applies to every N days or N times a week.");
  if (n !== undefined && v.rangeNMin !== undefined && v.rangeNMin > n) need("rangeNMin", 'The "at least" value cannot be above the planned value.');
  if (n !== undefined && v.rangeNMax !== undefined && v.rangeNMax < n) need("rangeNMax", 'The "at most" value cannot be below the planned value.');
  if (v.pattern === "TIMES_PER_WEEK" && v.rangeNMax !== undefined && v.rangeNMax > 7) need("rangeNMax", "At most 7 times a week.");
}

export function toSchedule(v: ScheduleFieldValues): Schedule {
  const pattern: Schedule["pattern"] =
    v.pattern === "EVERY_N_DAYS"
      ? { kind: "EVERY_N_DAYS", everyNDays: v.everyNDays! }
      : v.pattern === "WEEKDAYS"
        ? { kind: "WEEKDAYS", weekdays: [...new Set(v.weekdays.map(Number))].sort() }
        : v.pattern === "TIMES_PER_WEEK"
          ? { kind: "TIMES_PER_WEEK", timesPerWeek: v.timesPerWeek! }
          : v.pattern === "CYCLE"
            ? { kind: "CYCLE", cycleOnDays: v.cycleOnDays!, cycleOffDays: v.cycleOffDays! }
            : { kind: "DAILY" };
  const hasN = pattern.kind === "EVERY_N_DAYS" || pattern.kind === "TIMES_PER_WEEK";
  const range = {
    mgMin: v.mgPerIntakeMin ?? null,
    mgMax: v.mgPerIntakeMax ?? null,
    nMin: hasN ? (v.rangeNMin ?? null) : null,
    nMax: hasN ? (v.rangeNMax ?? null) : null,
  };
  const ranged = Object.values(range).some((x) => x !== null);
  return { mgPerIntake: v.mgPerIntake, intakesPerDay: v.intakesPerDay, pattern, ...(ranged ? { range } : {}) };
}

const prescriptionFields = {
  product: z.enum(PRODUCT_IDS, { error: "Choose the product." }),
  capsuleStrengthMg: wholeMg("the capsule strength", 1, 40),
  daysSupply: wholeNumber("the days supply", 1, 90),
  refills: z.preprocess((v) => blankToUndefined(v) ?? "0", wholeNumber("refills", 0, 5)),
  /** The day the pharmacy dispensed it, when known: the supply counts from it. */
  dispensedOn: blankAsAbsent(isoDate),
  /** The prescriber counseled the patient on pregnancy prevention at this visit (a checkbox). */
  counseled: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  /** ...and confirmed with the patient the contraception record in use (a checkbox whose value is its id). */
  confirmedContraceptionId,
  confirmationNumber: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, "At most 40 characters.")
      .regex(/^[A-Za-z0-9-]+$/, "Letters, digits and dashes only.")
      .optional(),
  ),
};

export const startCourseSchema = z
  .object({
    patientId: uuid,
    indication,
    regimenIntent: z.enum(RegimenIntent, { error: "Choose the regimen." }),
    startDate: isoDate,
    targetMgPerKg: blankAsAbsent(wholeNumber("the target", 60, 300)),
    startWeightKg: weightKgToGrams,
    ...prescriptionFields,
    ...scheduleFields,
  })
  .superRefine(refinePattern)
  .superRefine(refineConfirmation)
  // The form asks for kg; the course stores grams.
  // An empty target takes the indication's default (acne 120 mg/kg; rosacea and maintenance: none).
  .transform(({ startWeightKg, targetMgPerKg, ...v }) => ({
    ...v,
    startWeightGrams: startWeightKg,
    targetMgPerKg: targetMgPerKg ?? defaultTargetMgPerKg(v.indication, v.regimenIntent),
  }));

export const prescriptionSchema = z
  .object({
    courseId: uuid,
    version: recordVersion,
    writtenOn: isoDate,
    ...prescriptionFields,
    ...scheduleFields,
    /** Why the dose changes: asked for (and then required) only when the schedule differs from the regimen in force. */
    reason: blankAsAbsent(requiredText("a reason", 500)),
  })
  .superRefine(refinePattern)
  .superRefine(refineConfirmation);

export const doseChangeSchema = z
  .object({
    courseId: uuid,
    version: recordVersion,
    effectiveFrom: isoDate,
    reason: requiredText("a reason", 500),
    supersedesId: z.preprocess(blankToUndefined, uuid.optional()),
    ...scheduleFields,
  })
  .superRefine(refinePattern);

export const courseStatusSchema = z.object({
  courseId: uuid,
  version: recordVersion,
  transition: z.enum(COURSE_TRANSITIONS, { error: "Choose what to do." }),
  date: isoDate,
  reason: requiredText("a reason", 500),
  ack: acknowledged,
});

export const missedDoseSchema = z.object({ courseId: uuid, version: recordVersion, date: isoDate, note: optionalText(500) });

/**
 * A weight's confirmations, two at most: one far from the recorded ones (lib/domain/weight-entry.ts), and one that puts
 * a course's dose above a dose limit, under a code of its own above the label maximum (weight-dose-limits.ts).
 */
const WEIGHT_CODES = [WEIGHT_CHANGE_CODE, WEIGHT_DOSE_LIMIT_CODE, WEIGHT_DOSE_MAXIMUM_CODE] as const;
const weightAck = confirmationsField(tokenOf(WEIGHT_CODES), 2);

/**
 * A new weight's confirmations: those above, and the replacement of the day's weight it was asked about, which
 * names that entry ("WEIGHT_RECORDED_SAME_DAY:<id>", lib/domain/weight-entry.ts; the id is the text's digest, an
 * entry's weight and day never changing). On the field as a whole ("ack"), which the weight form shows.
 */
const replaceAck = new RegExp(`^${SAME_DAY_WEIGHT_CODE}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, "i");
const weightEntryAck = confirmationsField(
  (a) => tokenOf(WEIGHT_CODES)(a) || replaceAck.test(a),
  3,
  "Not a confirmation this form asks for: reload the page and enter the weight again.",
);

export const weightSchema = z
  .object({
    patientId: uuid,
    measuredOn: isoDate,
    weightKg: weightKgToGrams,
    ack: weightEntryAck,
    /** Why the day's weight is replaced: asked for with the replacement only. */
    reason: blankAsAbsent(correctionReason),
  })
  .superRefine((v, ctx) => {
    if (weightToReplace(v.ack) && v.reason === undefined)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter the reason for replacing the weight." });
  })
  .transform(({ weightKg, ...v }) => ({ ...v, weightGrams: weightKg }));

/** Entered in error: with a new weight the measurement is corrected (a new row replaces it), without one it is voided. */
export const weightCorrectionSchema = z
  .object({ weightId: uuid, weightKg: blankAsAbsent(weightKgToGrams), measuredOn: blankAsAbsent(isoDate), reason: correctionReason, ack: weightAck })
  .transform(({ weightKg, ...v }) => ({ ...v, weightGrams: weightKg }));
