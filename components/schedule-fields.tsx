"use client";

import { useId, useState } from "react";
import { Field, fieldErrorsOf, FieldErrorText, SelectField, submittedValue } from "@/components/form";
import { WEEKDAY_NAMES } from "@/lib/domain/dosing/schedule";
import { DOSE_PATTERN_LABELS, toOptions } from "@/lib/labels";
import type { ActionState } from "@/lib/validation/action-result";

const PATTERNS = toOptions(DOSE_PATTERN_LABELS);

/**
 * The bounds of N in a range regimen ("every 2-4 days", "1-3 times a week"; docs/DOMAIN.md "Regimens as written"):
 * numbers, the planned N between them, worded so that neither reads as a date.
 */
const RANGE_OF_N = {
  EVERY_N_DAYS: { label: "Every N days", hint: "A number of days, for a range such as every 2–4 days: at least 2, at most 4." },
  TIMES_PER_WEEK: { label: "Times a week", hint: "A number of times, for a range such as 1–3 times a week: at least 1, at most 3." },
} as const;

export interface ScheduleDefaults {
  mgPerIntake?: number;
  intakesPerDay?: number;
  pattern?: string;
  everyNDays?: number | null;
  weekdays?: number[];
  timesPerWeek?: number | null;
  cycleOnDays?: number | null;
  cycleOffDays?: number | null;
  mgPerIntakeMin?: number | null;
  mgPerIntakeMax?: number | null;
  rangeNMin?: number | null;
  rangeNMax?: number | null;
}

/** Dose and pattern inputs; only the selected pattern's own fields are shown. */
export function ScheduleFields({ state, defaults = {}, idPrefix }: { state: ActionState; defaults?: ScheduleDefaults; idPrefix: string }) {
  const [pattern, setPattern] = useState(submittedValue(state, "pattern") ?? defaults.pattern ?? "DAILY");
  const weekdayErrors = fieldErrorsOf(state, "weekdays");
  // After a refusal or a warning to confirm, the boxes the user ticked (none if the form came back without any).
  const echoed = state.status === "error" || state.status === "confirm" ? state.values : undefined;
  const weekdayChecked = (day: number) => (echoed ? (echoed.weekdays ?? "").split(",").includes(String(day)) : defaults.weekdays?.includes(day));
  const id = (n: string) => `${idPrefix}-${n}`;
  const numberField = (key: string, name: string, label: string, value: string | undefined, hint?: string) => (
    <Field id={id(key)} name={name} label={label} inputMode="numeric" state={state} defaultValue={value} hint={hint} />
  );
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold text-slate-700">Schedule</legend>
      {numberField("mg", "mgPerIntake", "Dose per intake (mg)", defaults.mgPerIntake?.toString())}
      {numberField("intakes", "intakesPerDay", "Intakes per dosing day", (defaults.intakesPerDay ?? 1).toString())}
      <SelectField
        id={id("pattern")}
        name="pattern"
        label="How often"
        state={state}
        options={PATTERNS}
        defaultValue={pattern}
        onChange={(e) => setPattern(e.target.value)}
      />
      {pattern === "EVERY_N_DAYS" ? numberField("every", "everyNDays", "Every how many days", defaults.everyNDays?.toString() ?? "2") : null}
      {pattern === "TIMES_PER_WEEK" ? numberField("tpw", "timesPerWeek", "Times per week", defaults.timesPerWeek?.toString()) : null}
      {pattern === "CYCLE" ? (
        <>
          {numberField("on", "cycleOnDays", "Days on", defaults.cycleOnDays?.toString())}
          {numberField("off", "cycleOffDays", "Days off", defaults.cycleOffDays?.toString())}
        </>
      ) : null}
      {numberField("mgmin", "mgPerIntakeMin", "Lowest dose if a range (mg, optional)", defaults.mgPerIntakeMin?.toString())}
      {numberField("mgmax", "mgPerIntakeMax", "Highest dose if a range (mg, optional)", defaults.mgPerIntakeMax?.toString())}
      {pattern === "EVERY_N_DAYS" || pattern === "TIMES_PER_WEEK" ? (
        <>
          {numberField("nmin", "rangeNMin", `${RANGE_OF_N[pattern].label}: at least (optional)`, defaults.rangeNMin?.toString(), RANGE_OF_N[pattern].hint)}
          {numberField("nmax", "rangeNMax", `${RANGE_OF_N[pattern].label}: at most (optional)`, defaults.rangeNMax?.toString(), RANGE_OF_N[pattern].hint)}
        </>
      ) : null}
      {pattern === "WEEKDAYS" ? (
        <fieldset className="sm:col-span-2" aria-describedby={weekdayErrors ? id("wd-error") : undefined}>
          <legend className="label">Weekdays</legend>
          <div className="flex flex-wrap gap-3">
            {WEEKDAY_NAMES.map((name, i) => (
              <label key={name} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="weekdays" value={String(i + 1)} defaultChecked={weekdayChecked(i + 1)} />
                {name}
              </label>
            ))}
          </div>
          <FieldErrorText id={id("wd-error")} errors={weekdayErrors} />
        </fieldset>
      ) : null}
    </fieldset>
  );
}

/**
 * Warnings that need an explicit confirmation; re-submitting with the boxes ticked saves. Each box sends the
 * warning's token (lib/errors.ts), which confirms its text as shown: a warning whose figures changed meanwhile
 * is asked again. A confirmation the form was never asked for (a stale or altered form) is said here.
 */
export function ConfirmWarnings({ state }: { state: ActionState }) {
  const refused = fieldErrorsOf(state, "ack");
  if (refused)
    return (
      <p className="text-sm text-red-700" data-testid="ack-error">
        {refused[0]}
      </p>
    );
  if (state.status !== "confirm") return null;
  return <AskedWarnings state={state} />;
}

/** The warnings asked about, under their title: FormMessage moves focus to the title when they are asked. */
function AskedWarnings({ state }: { state: Extract<ActionState, { status: "confirm" }> }) {
  // One id per form: a page may ask in several forms (a weight, a lab correction) at once.
  const titleId = useId();
  return (
    <div role="group" aria-labelledby={titleId} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="confirm-warnings">
      <p id={titleId} className="mb-2 font-semibold text-amber-900" tabIndex={-1} data-confirm-focus="">
        {state.message}
      </p>
      <ul className="space-y-2">
        {state.warnings.map((w) => (
          <li key={w.token}>
            <label className="flex items-start gap-2">
              <input type="checkbox" name="ack" value={w.token} className="mt-1" />
              <span>
                {w.message} <strong>I confirm this is intended.</strong>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
