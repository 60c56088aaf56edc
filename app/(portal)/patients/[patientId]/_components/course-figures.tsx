import type { CourseDoseSummary } from "@/lib/domain/dosing/cumulative";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { AVERAGE_WINDOW_DAYS } from "@/lib/domain/dosing/settings";
import type { TargetStanding } from "@/lib/domain/dosing/target-standing";
import { formatDate, formatMg, formatMgPerKg, formatPercent } from "@/lib/format";
import { DOSE_CLASS_LABELS } from "@/lib/labels";
import { lifetimeWarningText, remainingText, TARGET_DATE_LABEL, targetDateText, TOTAL_ONLY_DAILY } from "./target-text";

export interface Lifetime {
  totalMg: number;
  mgPerKg: number;
}

/**
 * A course's figures: the cumulative dose, then either progress to its target (remaining, target date) or,
 * for a course without a cumulative target (rosacea, maintenance), mg/kg/day and the duration; days on
 * therapy and doses counted; and the patient's lifetime total against the target, with a warning at or past it
 * and then no remaining dose or target date (its standing, lib/domain/dosing/target-standing.ts). A course from
 * paper records entered as its total only has no daily figures and says so.
 * A course a confirmed pregnancy ended (`pregnancyConfirmedOn`) says so instead of what would remain of it
 * (remaining to target, target date, supplied through): treatment does not go on; its figures are history.
 * The day supplied through is said only of a course that goes on: not of one ended (completed or stopped,
 * `ended` as the card gives it, as for the target date and the current regimen), whose supply past its last day
 * is not to be taken, nor while a pregnancy test stops prescribing; its supply gap, the course's own days, stays.
 */
export function CourseFigures({
  s,
  standing,
  ended,
  recordedTotal,
  lifetime,
  pregnancyConfirmedOn = null,
  prescribingStopped = false,
}: {
  s: CourseDoseSummary;
  standing: TargetStanding;
  ended: boolean;
  recordedTotal: boolean;
  lifetime: Lifetime;
  pregnancyConfirmedOn?: string | null;
  /** A pregnancy test stops prescribing today (the banner's): no target date is projected. */
  prescribingStopped?: boolean;
}) {
  const target = s.targetMgPerKg;
  const stopped = pregnancyConfirmedOn !== null;
  return (
    <>
      <dl className="grid gap-3 sm:grid-cols-4">
        <Stat label={recordedTotal ? "Cumulative dose (recorded total)" : "Cumulative dose"} value={formatMg(s.totalMg)} testId="cumulative-mg" />
        <Stat
          label={`Cumulative mg/kg (${target === null ? "no cumulative target" : `target ${target}`})`}
          value={formatMgPerKg(s.mgPerKg)}
          testId="cumulative-mgkg"
        />
        {stopped ? (
          <div className="sm:col-span-2">
            <dt className="text-xs uppercase tracking-wide text-slate-500">Course end</dt>
            <dd className="text-base font-semibold text-red-800" data-testid="stopped-for-pregnancy">
              Stopped: pregnancy confirmed on {formatDate(pregnancyConfirmedOn)}
            </dd>
          </div>
        ) : null}
        {target === null ? (
          <>
            <Stat
              label="Average dose"
              value={s.recordedTotalOnly ? TOTAL_ONLY_DAILY : `${(s.daysOnTherapy ? s.mgPerKg / s.daysOnTherapy : 0).toFixed(2)} mg/kg/day`}
              testId="mgkg-per-day"
            />
            <Stat label="Duration" value={s.recordedTotalOnly ? `${s.daysOnTherapy} days, first to last` : `${s.daysOnTherapy} days on therapy`} />
          </>
        ) : stopped ? null : (
          <>
            <Stat label="Remaining to target" value={remainingText(standing) ?? "—"} testId="remaining" />
            <Stat label={TARGET_DATE_LABEL} value={targetDateText(standing, { ended, paused: s.isPausedOnAsOf, prescribingStopped })} testId="projected-date" />
          </>
        )}
        <Stat label="Current regimen" value={s.currentRegimen && !ended ? describeSchedule(s.currentRegimen) : "—"} testId="current-regimen" />
        {s.recordedTotalOnly ? (
          <Stat label="Daily dose" value={TOTAL_ONLY_DAILY} testId="dose-class" />
        ) : (
          <Stat
            label={s.averageDaysSoFar === null ? `Last ${AVERAGE_WINDOW_DAYS} days` : "Average so far"}
            value={`${s.avgMgPerKgPerDay28.toFixed(2)} mg/kg/day · ${DOSE_CLASS_LABELS[s.doseClass]}`}
            note={s.averageDaysSoFar === null ? undefined : averageSoFarNote(s.averageDaysSoFar, s.regimenMgPerKgPerDay)}
            testId="dose-class"
          />
        )}
        {/* A paper record's total gives no dose days: its first to last day are not days on therapy. */}
        <Stat label="Days on therapy" value={s.recordedTotalOnly ? TOTAL_ONLY_DAILY : String(s.daysOnTherapy)} testId="days-on-therapy" />
        <Stat label="Doses counted" value={recordedTotal ? "—" : String(s.dosesCounted)} testId="doses-counted" />
        {s.suppliedThrough ? (
          <>
            {stopped || ended || prescribingStopped ? null : <Stat label="Supplied through" value={formatDate(s.suppliedThrough)} testId="supplied-through" />}
            <Stat label="Supply gap" value={s.supplyGapDays ? `${s.supplyGapDays} dosing days not supplied` : "None"} testId="supply-gap" />
          </>
        ) : null}
      </dl>

      {standing.kind !== "NO_TARGET" ? (
        <div className="space-y-2">
          <Progress label={`Progress to ${standing.targetMgPerKg} mg/kg`} percent={s.progressPercent} />
          <Progress label={`Lifetime ${formatMgPerKg(lifetime.mgPerKg)} of ${standing.targetMgPerKg} mg/kg`} percent={standing.percent} />
        </div>
      ) : null}
      {standing.kind === "PAST" ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900" role="note" data-testid="lifetime-warning">
          {lifetimeWarningText(lifetime, standing.targetMgPerKg)}
        </p>
      ) : null}
    </>
  );
}

function Progress({ label, percent }: { label: string; percent: number }) {
  return (
    <div>
      <div className="mb-1 flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span>{formatPercent(percent)}</span>
      </div>
      <div
        className="h-2 rounded-full bg-slate-200"
        role="progressbar"
        aria-valuenow={Math.round(percent)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={label}
      >
        <div className={`h-2 rounded-full ${percent >= 100 ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
    </div>
  );
}

/**
 * A course younger than 28 days is averaged over whole cycles of its regimen (lib/domain/dosing/early-average.ts):
 * say over how many days so far, and the regimen's own average beside it.
 */
export function averageSoFarNote(days: number, regimenMgPerKgPerDay: number | null): string {
  const over = `over ${days} ${days === 1 ? "day" : "days"} so far`;
  return regimenMgPerKgPerDay === null ? over : `${over}; regimen average ${regimenMgPerKgPerDay.toFixed(2)}`;
}

function Stat({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-base font-semibold" data-testid={testId}>
        {value}
      </dd>
      {note ? (
        <dd className="text-xs text-slate-600" data-testid={testId ? `${testId}-note` : undefined}>
          {note}
        </dd>
      ) : null}
    </div>
  );
}
