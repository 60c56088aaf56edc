import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { DosePattern as DosePatternKind } from "@/lib/generated/prisma/enums";
import { isoFromDb } from "@/lib/clinic";
import type { CourseInput, RegimenVersion } from "@/lib/domain/dosing/cumulative";
import type { DosePattern } from "@/lib/domain/dosing/schedule";

/** Row shapes as selected by the course queries. */
export interface DoseChangeRow {
  id: string;
  effectiveFrom: Date;
  mgPerIntake: number;
  intakesPerDay: number;
  pattern: DosePattern["kind"];
  everyNDays: number | null;
  weekdays: number[];
  timesPerWeek: number | null;
  cycleOnDays: number | null;
  cycleOffDays: number | null;
  supersedesId: string | null;
  createdAt: Date;
}

export interface CourseRow {
  startDate: Date;
  endDate: Date | null;
  startWeightGrams: number;
  targetMgPerKg: number;
  doseChanges: DoseChangeRow[];
  pauses: { startDate: Date; resumeDate: Date | null }[];
  missedDoses: { date: Date }[];
}

export function patternFromRow(d: Pick<DoseChangeRow, "pattern" | "everyNDays" | "weekdays" | "timesPerWeek" | "cycleOnDays" | "cycleOffDays">): DosePattern {
  switch (d.pattern) {
    case "EVERY_N_DAYS":
      return { kind: "EVERY_N_DAYS", everyNDays: d.everyNDays ?? 2 };
    case "WEEKDAYS":
      return { kind: "WEEKDAYS", weekdays: d.weekdays };
    case "TIMES_PER_WEEK":
      return { kind: "TIMES_PER_WEEK", timesPerWeek: d.timesPerWeek ?? 1 };
    case "CYCLE":
      return { kind: "CYCLE", cycleOnDays: d.cycleOnDays ?? 1, cycleOffDays: d.cycleOffDays ?? 0 };
    default:
      return { kind: "DAILY" };
  }
}

export function patternToRow(p: DosePattern) {
  return {
    pattern: p.kind,
    everyNDays: p.kind === "EVERY_N_DAYS" ? p.everyNDays : null,
    weekdays: p.kind === "WEEKDAYS" ? p.weekdays : [],
    timesPerWeek: p.kind === "TIMES_PER_WEEK" ? p.timesPerWeek : null,
    cycleOnDays: p.kind === "CYCLE" ? p.cycleOnDays : null,
    cycleOffDays: p.kind === "CYCLE" ? p.cycleOffDays : null,
  };
}

export function regimenFromRow(d: DoseChangeRow, sequence: number): RegimenVersion {
  return {
    id: d.id,
    effectiveFrom: isoFromDb(d.effectiveFrom),
    mgPerIntake: d.mgPerIntake,
    intakesPerDay: d.intakesPerDay,
    pattern: patternFromRow(d),
    supersedesId: d.supersedesId,
    sequence,
  };
}

export function courseInputFromRow(c: CourseRow): CourseInput {
  const ordered = [...c.doseChanges].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  return {
    startDate: isoFromDb(c.startDate),
    endDate: c.endDate ? isoFromDb(c.endDate) : null,
    startWeightGrams: c.startWeightGrams,
    targetMgPerKg: c.targetMgPerKg,
    regimens: ordered.map((d, i) => regimenFromRow(d, i)),
    pauses: c.pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null })),
    missedDates: c.missedDoses.map((m) => isoFromDb(m.date)),
  };
}

export const doseChangeSelect = {
  id: true,
  effectiveFrom: true,
  mgPerIntake: true,
  intakesPerDay: true,
  pattern: true,
  everyNDays: true,
  weekdays: true,
  timesPerWeek: true,
  cycleOnDays: true,
  cycleOffDays: true,
  supersedesId: true,
  createdAt: true,
} as const;

/**
 * For set-based loads in raw SQL: a course's dose versions as a JSON array in creation order (the index is
 * the version's sequence), dates as ISO calendar strings. `c` is the course's alias.
 */
export const DOSE_CHANGES_JSON = Prisma.sql`COALESCE((SELECT json_agg(json_build_object(
    'id', d.id, 'effectiveFrom', d.effective_from::text, 'mgPerIntake', d.mg_per_intake, 'intakesPerDay', d.intakes_per_day,
    'pattern', d.pattern, 'everyNDays', d.every_n_days, 'weekdays', d.weekdays, 'timesPerWeek', d.times_per_week,
    'cycleOnDays', d.cycle_on_days, 'cycleOffDays', d.cycle_off_days, 'supersedesId', d.supersedes_id)
  ORDER BY d.created_at, d.id) FROM dose_changes d WHERE d.course_id = c.id), '[]')`;

/** One member of DOSE_CHANGES_JSON. */
export const doseChangeJson = z.object({
  id: z.string(),
  effectiveFrom: z.string(),
  mgPerIntake: z.number(),
  intakesPerDay: z.number(),
  pattern: z.enum(DosePatternKind),
  everyNDays: z.number().nullable(),
  // A version stored without chosen weekdays may hold NULL, which the model reads as none.
  weekdays: z
    .array(z.number())
    .nullable()
    .transform((w) => w ?? []),
  timesPerWeek: z.number().nullable(),
  cycleOnDays: z.number().nullable(),
  cycleOffDays: z.number().nullable(),
  supersedesId: z.string().nullable(),
}) satisfies z.ZodType<Omit<DoseChangeRow, "effectiveFrom" | "createdAt"> & { effectiveFrom: string }>;
export type DoseChangeJson = z.infer<typeof doseChangeJson>;

/** A pause as the JSON aggregates give it: first paused day, and the day therapy resumed (null while open). */
export const pauseJson = z.object({ startDate: z.string(), resumeDate: z.string().nullable() });

export function regimensFromJson(rows: DoseChangeJson[]): RegimenVersion[] {
  return rows.map((d, sequence) => ({
    id: d.id,
    effectiveFrom: d.effectiveFrom,
    mgPerIntake: d.mgPerIntake,
    intakesPerDay: d.intakesPerDay,
    pattern: patternFromRow(d),
    supersedesId: d.supersedesId,
    sequence,
  }));
}
