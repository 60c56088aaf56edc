import type { Dosage, TimingRepeat } from "@medplum/fhirtypes";
import { addDays, daysBetween, toDay, type IsoDate } from "@/lib/domain/dates";
import { describeSchedule, isDosingDay, type Schedule } from "@/lib/domain/dosing/schedule";
import { ORAL_ROUTE, UCUM } from "./systems";

const DAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The days a schedule is in force: from its first day to its last (inclusive), null while open-ended. */
export interface DosageBounds {
  start: IsoDate;
  end: IsoDate | null;
}

/**
 * Where an on/off cycle stands on a day: the day its pattern counts from (the regimen's own first day, or
 * the resume day after a pause, as the cumulative dose counts it: patternAnchor in
 * lib/domain/dosing/course-days.ts), and whether a pause keeps the day off. Without it the cycle counts
 * from the bounds' first day and no day is paused.
 */
export interface CycleCourse {
  anchorOn: (day: IsoDate) => IsoDate;
  pausedOn: (day: IsoDate) => boolean;
}

const mg = (value: number) => ({ value, unit: "mg", system: UCUM, code: "mg" });

/**
 * A schedule as FHIR R4 Dosage lines (docs/DOMAIN.md, "Interoperability shapes"; FHIR R4 Timing):
 * - daily: frequency = intakes per day, period 1 d;
 * - every N days: frequency 1, period N d;
 * - chosen weekdays: dayOfWeek, frequency = intakes per day, period 1 d;
 * - N times a week: frequency N, period 1 wk;
 * - cycles of X days on / Y off: one line per run of dosing days with its boundsPeriod, in sequence, from
 *   `bounds.start` through `bounds.end` (or `cycleThrough` when the schedule is open-ended), the cycle
 *   counted as the course counts it (`cycle`), so that bounds starting mid-block list that block's days left.
 * doseQuantity is mg per intake. Where the pattern itself takes frequency and period (every N days, N times
 * a week), a dosing day's divided intakes cannot be expressed: the dose is that day's total, and the text
 * says how many intakes it is divided into.
 */
export function dosageInstructions(schedule: Schedule, bounds: DosageBounds, cycleThrough: IsoDate, cycle?: CycleCourse): Dosage[] {
  const p = schedule.pattern;
  const text = describeSchedule(schedule);
  const perDay = schedule.intakesPerDay;
  const line = (repeat: TimingRepeat, doseMg: number, extra: Partial<Dosage> = {}): Dosage => ({
    ...extra,
    text,
    timing: { repeat },
    route: { coding: [ORAL_ROUTE] },
    doseAndRate: [{ doseQuantity: mg(doseMg) }],
  });
  const period = (start: IsoDate, end: IsoDate | null) => ({ boundsPeriod: end ? { start, end } : { start } });
  const divided = perDay > 1 ? { patientInstruction: `Take each dosing day's dose as ${perDay} divided doses.` } : {};
  switch (p.kind) {
    case "DAILY":
      return [line({ ...period(bounds.start, bounds.end), frequency: perDay, period: 1, periodUnit: "d" }, schedule.mgPerIntake)];
    case "WEEKDAYS":
      return [
        line(
          {
            ...period(bounds.start, bounds.end),
            frequency: perDay,
            period: 1,
            periodUnit: "d",
            dayOfWeek: [...p.weekdays].sort().map((w) => DAY_CODES[w - 1]!),
          },
          schedule.mgPerIntake,
        ),
      ];
    case "EVERY_N_DAYS":
      return [line({ ...period(bounds.start, bounds.end), frequency: 1, period: p.everyNDays, periodUnit: "d" }, schedule.mgPerIntake * perDay, divided)];
    case "TIMES_PER_WEEK":
      return [line({ ...period(bounds.start, bounds.end), frequency: p.timesPerWeek, period: 1, periodUnit: "wk" }, schedule.mgPerIntake * perDay, divided)];
    case "CYCLE": {
      const through = bounds.end ?? cycleThrough;
      const dosing = (day: IsoDate) => !(cycle?.pausedOn(day) ?? false) && isDosingDay(p, toDay(cycle?.anchorOn(day) ?? bounds.start), toDay(day));
      const lines: Dosage[] = [];
      let runStart: IsoDate | null = null;
      for (let offset = 0; offset <= daysBetween(bounds.start, through) + 1; offset++) {
        const day = addDays(bounds.start, offset);
        const on = day <= through && dosing(day);
        if (on && runStart === null) runStart = day;
        if (!on && runStart !== null) {
          const end = addDays(day, -1);
          lines.push(line({ ...period(runStart, end), frequency: perDay, period: 1, periodUnit: "d" }, schedule.mgPerIntake, { sequence: lines.length + 1 }));
          runStart = null;
        }
      }
      return lines;
    }
  }
}
