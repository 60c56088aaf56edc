import { z } from "zod";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import { defaultTargetMgPerKg } from "@/lib/domain/dosing/targets";
import { RegimenIntent } from "@/lib/generated/prisma/enums";
import { blankAsAbsent, correctionReason, indication, isoDate, optionalText, recordVersion, uuid, weightKgToGrams, wholeMg, wholeNumber } from "./common";

/** Dose periods one paper-history form takes; a longer history is entered as its total, or period by period later. */
export const PAPER_PERIOD_SLOTS = [1, 2, 3, 4] as const;
export const PAPER_PERIOD_PATTERNS = ["DAILY", "EVERY_N_DAYS", "TIMES_PER_WEEK"] as const;
export const PAPER_OUTCOMES = ["COMPLETED", "STOPPED"] as const;

const periodFields = Object.fromEntries(
  PAPER_PERIOD_SLOTS.flatMap((i) => [
    [`period${i}From`, blankAsAbsent(isoDate)],
    [`period${i}Mg`, blankAsAbsent(wholeMg("the dose", 1, 200))],
    [`period${i}Pattern`, blankAsAbsent(z.enum(PAPER_PERIOD_PATTERNS, { error: "Choose how often it was taken." }))],
    [`period${i}N`, blankAsAbsent(wholeNumber("the number", 1, 14))],
  ]),
) as Record<`period${1 | 2 | 3 | 4}${"From" | "Mg" | "Pattern" | "N"}`, z.ZodType>;

export interface PaperPeriod {
  from: string;
  schedule: Schedule;
}

function periodSchedule(mg: number, pattern: (typeof PAPER_PERIOD_PATTERNS)[number], n: number | undefined): Schedule {
  const p: Schedule["pattern"] =
    pattern === "EVERY_N_DAYS"
      ? { kind: "EVERY_N_DAYS", everyNDays: n! }
      : pattern === "TIMES_PER_WEEK"
        ? { kind: "TIMES_PER_WEEK", timesPerWeek: n! }
        : { kind: "DAILY" };
  return { mgPerIntake: mg, intakesPerDay: 1, pattern: p };
}

/**
 * A finished course from paper records: its dates, indication, the weight used, and either its regimen
 * history (one to four dose periods, the first from the start date) or, when only that is known, its total.
 */
export const paperCourseSchema = z
  .object({
    patientId: uuid,
    indication,
    regimenIntent: z.enum(RegimenIntent, { error: "Choose the regimen." }),
    startDate: isoDate,
    endDate: isoDate,
    outcome: z.enum(PAPER_OUTCOMES, { error: "Choose how the course ended." }),
    targetMgPerKg: blankAsAbsent(wholeNumber("the target", 60, 300)),
    weightKg: weightKgToGrams,
    totalMg: blankAsAbsent(wholeMg("the total", 1, 100_000, 7200)),
    note: optionalText(500),
    ...periodFields,
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const raw = v as Record<string, unknown>;
    const periods: PaperPeriod[] = [];
    for (const i of PAPER_PERIOD_SLOTS) {
      const from = raw[`period${i}From`] as string | undefined;
      const mg = raw[`period${i}Mg`] as number | undefined;
      const pattern = raw[`period${i}Pattern`] as (typeof PAPER_PERIOD_PATTERNS)[number] | undefined;
      const n = raw[`period${i}N`] as number | undefined;
      if (from === undefined && mg === undefined) continue;
      if (from === undefined) issue(`period${i}From`, "Enter the day this dose started.");
      if (mg === undefined) issue(`period${i}Mg`, "Enter the dose in mg.");
      const kind = pattern ?? "DAILY";
      if (kind !== "DAILY" && n === undefined) issue(`period${i}N`, kind === "EVERY_N_DAYS" ? "Enter every how many days." : "Enter how many times a week.");
      // A number with a daily dose is a pattern left out, never to be read as daily (it would double a total or more).
      if (kind === "DAILY" && n !== undefined) issue(`period${i}N`, "Leave this blank for a daily dose, or choose every N days or N times a week.");
      if (kind === "TIMES_PER_WEEK" && n !== undefined && n > 6) issue(`period${i}N`, "At most 6 times a week (7 is daily).");
      if (kind === "EVERY_N_DAYS" && n !== undefined && n < 2) issue(`period${i}N`, "Every 2 days or more (1 is daily).");
      if (from !== undefined && mg !== undefined) periods.push({ from, schedule: periodSchedule(mg, kind, n) });
    }
    if (v.endDate < v.startDate) issue("endDate", "The course cannot end before it started.");
    if (v.totalMg !== undefined && periods.length) issue("totalMg", "Enter either the dose periods or the total, not both.");
    if (v.totalMg === undefined && !periods.length && !ctx.issues?.length)
      issue("period1From", "Enter the dose periods, or the total when only that is known.");
    if (periods.length) {
      if (periods[0]!.from !== v.startDate) issue("period1From", "The first dose period starts on the course start date.");
      periods.forEach((p, k) => {
        if (k > 0 && p.from <= periods[k - 1]!.from) issue(`period${k + 1}From`, "Each period starts after the one before.");
        if (p.from > v.endDate) issue(`period${k + 1}From`, "This period starts after the course ended.");
      });
    }
    return {
      patientId: v.patientId,
      indication: v.indication,
      regimenIntent: v.regimenIntent,
      startDate: v.startDate,
      endDate: v.endDate,
      outcome: v.outcome,
      targetMgPerKg: v.targetMgPerKg ?? defaultTargetMgPerKg(v.indication, v.regimenIntent),
      weightGrams: v.weightKg,
      totalMg: v.totalMg ?? null,
      note: v.note,
      periods,
    };
  });
export type PaperCourseInput = z.output<typeof paperCourseSchema>;

/**
 * A correction of a paper course's recorded figures: its dates, the weight used and, for a course entered as
 * its total only, that total (a course entered with dose periods has its periods corrected instead). The form
 * comes filled with the figures on record; the reason is kept with the figures it replaces.
 */
export const correctPaperCourseSchema = z
  .object({
    courseId: uuid,
    version: recordVersion,
    startDate: isoDate,
    endDate: isoDate,
    weightKg: weightKgToGrams,
    totalMg: blankAsAbsent(wholeMg("the total", 1, 100_000, 7200)),
    reason: correctionReason,
  })
  .refine((v) => v.endDate >= v.startDate, { path: ["endDate"], message: "The course cannot end before it started." })
  .transform((v) => ({
    courseId: v.courseId,
    version: v.version,
    startDate: v.startDate,
    endDate: v.endDate,
    weightGrams: v.weightKg,
    totalMg: v.totalMg ?? null,
    reason: v.reason,
  }));
export type PaperCourseCorrection = z.output<typeof correctPaperCourseSchema>;
