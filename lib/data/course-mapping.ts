import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { DosePattern as DosePatternKind } from "@/lib/generated/prisma/enums";
import { isoFromDb } from "@/lib/clinic";
import type { CourseInput, RegimenVersion } from "@/lib/domain/dosing/course-input";
import type { DosePattern, ScheduleRange } from "@/lib/domain/dosing/schedule";
import type { SupplyFill } from "@/lib/domain/dosing/supply";

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
  mgPerIntakeMin: number | null;
  mgPerIntakeMax: number | null;
  rangeNMin: number | null;
  rangeNMax: number | null;
  supersedesId: string | null;
  createdAt: Date;
}

/** A version's range as the domain reads it; null for a regimen written without one. */
export function rangeFromRow(d: Pick<DoseChangeRow, "mgPerIntakeMin" | "mgPerIntakeMax" | "rangeNMin" | "rangeNMax">): ScheduleRange | null {
  if (d.mgPerIntakeMin === null && d.mgPerIntakeMax === null && d.rangeNMin === null && d.rangeNMax === null) return null;
  return { mgMin: d.mgPerIntakeMin, mgMax: d.mgPerIntakeMax, nMin: d.rangeNMin, nMax: d.rangeNMax };
}

/** Entered in error: a voided row stays in the history and counts for nothing. */
type Voidable = { voidedAt?: Date | null };

export interface CourseRow {
  startDate: Date;
  endDate: Date | null;
  startWeightGrams: number;
  targetMgPerKg: number | null;
  recordedTotalMg?: number | null;
  doseChanges: (DoseChangeRow & Voidable)[];
  pauses: ({ startDate: Date; resumeDate: Date | null } & Voidable)[];
  missedDoses: ({ date: Date } & Voidable)[];
  /** For the supply; a paper record has none (its supply is not known). */
  paperRecord?: boolean;
  prescriptions?: ({ startDate: Date; dispensedOn?: Date | null; daysSupply: number; refills: number } & Voidable)[];
}

const current = <T extends Voidable>(rows: T[]) => rows.filter((r) => !r.voidedAt);

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
    range: rangeFromRow(d),
    supersedesId: d.supersedesId,
    sequence,
  };
}

/** A course's dose versions as the dose engine reads them: those entered in error left out, in creation order (the sequence). */
export function regimensFromRows(rows: (DoseChangeRow & Voidable)[]): RegimenVersion[] {
  const ordered = current(rows).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  return ordered.map((d, i) => regimenFromRow(d, i));
}

/** A prescription as the supply count reads it (lib/domain/dosing/supply.ts): from its dispensed day, else its start. */
export const supplyFillFromRow = (p: { startDate: Date; dispensedOn?: Date | null; daysSupply: number; refills: number }) => ({
  from: isoFromDb(p.dispensedOn ?? p.startDate),
  daysSupply: p.daysSupply,
  refills: p.refills,
});

export function courseInputFromRow(c: CourseRow): CourseInput {
  return {
    startDate: isoFromDb(c.startDate),
    endDate: c.endDate ? isoFromDb(c.endDate) : null,
    startWeightGrams: c.startWeightGrams,
    targetMgPerKg: c.targetMgPerKg,
    recordedTotalMg: c.recordedTotalMg ?? null,
    regimens: regimensFromRows(c.doseChanges),
    pauses: current(c.pauses).map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null })),
    missedDates: current(c.missedDoses).map((m) => isoFromDb(m.date)),
    supply: c.paperRecord || !c.prescriptions ? null : current(c.prescriptions).map(supplyFillFromRow),
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
  mgPerIntakeMin: true,
  mgPerIntakeMax: true,
  rangeNMin: true,
  rangeNMax: true,
  supersedesId: true,
  createdAt: true,
  voidedAt: true,
} as const;

/**
 * For set-based loads in raw SQL: a course's dose versions as a JSON array in creation order (the index is
 * the version's sequence), dates as ISO calendar strings; versions entered in error are left out. `c` is the
 * course's alias.
 */
export const DOSE_CHANGES_JSON = Prisma.sql`COALESCE((SELECT json_agg(json_build_object(
    'id', d.id, 'effectiveFrom', d.effective_from::text, 'mgPerIntake', d.mg_per_intake, 'intakesPerDay', d.intakes_per_day,
    'pattern', d.pattern, 'everyNDays', d.every_n_days, 'weekdays', d.weekdays, 'timesPerWeek', d.times_per_week,
    'cycleOnDays', d.cycle_on_days, 'cycleOffDays', d.cycle_off_days, 'supersedesId', d.supersedes_id,
    'mgPerIntakeMin', d.mg_per_intake_min, 'mgPerIntakeMax', d.mg_per_intake_max, 'rangeNMin', d.range_n_min, 'rangeNMax', d.range_n_max)
  ORDER BY d.created_at, d.id) FROM dose_changes d WHERE d.course_id = c.id AND d.voided_at IS NULL), '[]')`;

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
  mgPerIntakeMin: z.number().nullable(),
  mgPerIntakeMax: z.number().nullable(),
  rangeNMin: z.number().nullable(),
  rangeNMax: z.number().nullable(),
  supersedesId: z.string().nullable(),
}) satisfies z.ZodType<Omit<DoseChangeRow, "effectiveFrom" | "createdAt"> & { effectiveFrom: string }>;
export type DoseChangeJson = z.infer<typeof doseChangeJson>;

/**
 * A course's current prescriptions as supply (lib/domain/dosing/supply.ts): from the dispensed day, else the
 * start date. `c` is the course's alias.
 */
export const SUPPLY_JSON = Prisma.sql`COALESCE((SELECT json_agg(json_build_object('from', COALESCE(rx.dispensed_on, rx.start_date)::text,
    'daysSupply', rx.days_supply, 'refills', rx.refills)) FROM prescriptions rx WHERE rx.course_id = c.id AND rx.voided_at IS NULL), '[]')`;
export const supplyJson = z.object({ from: z.string(), daysSupply: z.number(), refills: z.number() }) satisfies z.ZodType<SupplyFill>;

/** A pause as the JSON aggregates give it: first paused day, and the day therapy resumed (null while open). */
export const pauseJson = z.object({ startDate: z.string(), resumeDate: z.string().nullable() });

export function regimensFromJson(rows: DoseChangeJson[]): RegimenVersion[] {
  return rows.map((d, sequence) => ({
    id: d.id,
    effectiveFrom: d.effectiveFrom,
    mgPerIntake: d.mgPerIntake,
    intakesPerDay: d.intakesPerDay,
    pattern: patternFromRow(d),
    range: rangeFromRow(d),
    supersedesId: d.supersedesId,
    sequence,
  }));
}
