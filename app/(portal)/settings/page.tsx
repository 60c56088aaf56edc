import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { getDosingSettings, getPregnancySettings, getProtocol, getThresholds } from "@/lib/data/config";
import { getPregnancyRules } from "@/lib/data/pregnancy-history";
import type { EffectiveRules } from "@/lib/domain/pregnancy";
import { listConfigVersions, newVersionForms } from "@/lib/data/settings";
import { formatDate } from "@/lib/format";
import { CONFIG_KIND_LABELS, PROGRAMME_LABELS, DOSE_COUNTING_LABELS } from "@/lib/admin-labels";
import { toOptions, WEIGHT_POLICY_LABELS } from "@/lib/labels";
import { flatten, type SettingsKind } from "@/lib/validation/settings";
import { SETTINGS_LABELS as L } from "@/lib/validation/settings-labels";
import { AVERAGE_WINDOW_DAYS } from "@/lib/domain/dosing/settings";
import { TableHead } from "@/components/table-head";
import { SettingsForm, type SettingsField } from "./settings-forms";

export const metadata: Metadata = { title: "Clinic settings" };

const SECTIONS: { kind: SettingsKind; note: string; fields: SettingsField[] }[] = [
  {
    kind: "MONITORING_PROTOCOL",
    note:
      "Windows of the lab monitoring protocol. A version recomputes every patient's monitoring items once saved (the items anchored on or after its day " +
      "follow it), and again on the day it takes effect.",
    fields: [
      { name: "baselineWindowDays", label: L.MONITORING_PROTOCOL.baselineWindowDays },
      { name: "peakWeeksAfterStart", label: L.MONITORING_PROTOCOL.peakWeeksAfterStart },
      { name: "peakWeeksAfterIncrease", label: L.MONITORING_PROTOCOL.peakWeeksAfterIncrease },
      { name: "periodicMonths", label: L.MONITORING_PROTOCOL.periodicMonths },
      { name: "dueSoonDays", label: L.MONITORING_PROTOCOL.dueSoonDays },
      { name: "overdueAfterDays", label: L.MONITORING_PROTOCOL.overdueAfterDays },
    ],
  },
  {
    kind: "PREGNANCY_PREVENTION",
    note:
      "The programme and its rule set decide every pregnancy-prevention rule. The clinic may tighten a rule, never loosen it: a looser value is refused. " +
      "A version recomputes every patient's monitoring items once saved (the tests anchored on or after its day follow it), and again on the day it takes effect.",
    fields: [
      {
        name: "programme",
        label: L.PREGNANCY_PREVENTION.programme,
        options: toOptions(PROGRAMME_LABELS),
      },
      { name: "usModificationEffectiveFrom", label: L.PREGNANCY_PREVENTION.usModificationEffectiveFrom, type: "date" },
      {
        name: "homeTestsOptIn",
        label: L.PREGNANCY_PREVENTION.homeTestsOptIn,
        options: [
          { value: "false", label: "Not accepted" },
          { value: "true", label: "Accepted, verified under the clinic's procedure" },
        ],
      },
      { name: "prescriptionWindowDays", label: L.PREGNANCY_PREVENTION.prescriptionWindowDays },
      { name: "monthlyTestIntervalDays", label: L.PREGNANCY_PREVENTION.monthlyTestIntervalDays },
      { name: "maxDaysSupply", label: L.PREGNANCY_PREVENTION.maxDaysSupply },
      { name: "screeningLookbackDays", label: L.PREGNANCY_PREVENTION.screeningLookbackDays },
      { name: "dueSoonDays", label: L.PREGNANCY_PREVENTION.dueSoonDays },
      { name: "overdueAfterDays", label: L.PREGNANCY_PREVENTION.overdueAfterDays },
      { name: "followUpOverdueAfterDays", label: L.PREGNANCY_PREVENTION.followUpOverdueAfterDays },
    ],
  },
  {
    kind: "LAB_THRESHOLDS",
    note:
      "Action and critical levels; the lab's reference range alone decides high and low. " +
      "Flags results as they are entered; results already recorded keep the flag they were given.",
    fields: [
      { name: "TG.action", label: L.LAB_THRESHOLDS["TG.action"] },
      { name: "TG.critical", label: L.LAB_THRESHOLDS["TG.critical"] },
      { name: "CHOL.action", label: L.LAB_THRESHOLDS["CHOL.action"] },
      { name: "LDL.action", label: L.LAB_THRESHOLDS["LDL.action"] },
      { name: "LIVER.actionTimesUln", label: L.LAB_THRESHOLDS["LIVER.actionTimesUln"] },
      { name: "LIVER.criticalTimesUln", label: L.LAB_THRESHOLDS["LIVER.criticalTimesUln"] },
    ],
  },
  {
    kind: "DOSING",
    note: `How mg/kg is computed and how the ${AVERAGE_WINDOW_DAYS}-day average is classed. Course summaries are recomputed when a version takes effect.`,
    fields: [
      {
        name: "weightPolicy",
        label: L.DOSING.weightPolicy,
        options: toOptions(WEIGHT_POLICY_LABELS),
      },
      { name: "doseCounting", label: L.DOSING.doseCounting, options: toOptions(DOSE_COUNTING_LABELS) },
      { name: "weightChangeAlertPercent", label: L.DOSING.weightChangeAlertPercent },
      { name: "microBelowMilli", label: L.DOSING.microBelowMilli },
      { name: "lowBelowMilli", label: L.DOSING.lowBelowMilli },
      { name: "standardUpToMilli", label: L.DOSING.standardUpToMilli },
    ],
  },
];

/** The rules in force in one line: the window, the supply, the test after the last dose, and what only some rule sets have. */
function ruleSetSummary(r: EffectiveRules): string {
  return [
    `test within ${r.prescriptionWindowDays} days before each prescription`,
    `at most a ${r.maxDaysSupply}-day supply`,
    `test ${r.postTreatmentTestDays} days after the last dose`,
    r.missedWindowWaitDays ? `${r.missedWindowWaitDays}-day wait after a missed first window` : null,
    r.homeTestsAllowed ? "home tests accepted during and after treatment" : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

export default async function SettingsPage() {
  const user = await requirePagePermission("settings.manage");
  const today = clinicToday();
  const [protocol, thresholds, dosing, pregnancy, rulesOn, versions, forms] = await Promise.all([
    getProtocol(today),
    getThresholds(today),
    getDosingSettings(today),
    getPregnancySettings(today),
    getPregnancyRules(),
    listConfigVersions(user),
    newVersionForms(user, today),
  ]);
  const inForce: Record<SettingsKind, object> = { MONITORING_PROTOCOL: protocol, LAB_THRESHOLDS: thresholds, DOSING: dosing, PREGNANCY_PREVENTION: pregnancy };
  const rules = rulesOn(today);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Clinic settings</h1>
        <p className="text-sm text-slate-600">
          Every change is a new version with the day it takes effect; earlier versions stay on record, and results and items computed under them keep their
          values.
        </p>
      </div>
      {SECTIONS.map((s) => {
        const title = CONFIG_KIND_LABELS[s.kind];
        const current = flatten(inForce[s.kind]);
        const history = versions.filter((v) => v.kind === s.kind);
        // With a version scheduled, the form starts from the settings its day puts in force and on that day.
        const start = forms[s.kind];
        return (
          <section key={s.kind} className="card space-y-4" aria-labelledby={`${s.kind}-heading`}>
            <div>
              <h2 id={`${s.kind}-heading`} className="text-lg font-semibold">
                {title}
              </h2>
              <p className="text-sm text-slate-600">{s.note}</p>
              {s.kind === "PREGNANCY_PREVENTION" ? (
                <p className="mt-2 rounded-md bg-slate-100 px-3 py-2 text-sm" data-testid="rule-set-today">
                  Rule set in force today: <strong>{rules.name}</strong> · {ruleSetSummary(rules)}.
                </p>
              ) : null}
            </div>
            <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2" data-testid={`in-force-${s.kind}`}>
              {s.fields.map((f) => (
                <div key={f.name} className="flex justify-between gap-2 border-b border-slate-100 py-1">
                  <dt className="text-slate-600">{f.label}</dt>
                  <dd className="font-semibold">{f.options?.find((o) => o.value === current[f.name])?.label ?? current[f.name]}</dd>
                </div>
              ))}
            </dl>
            <details>
              <summary className="cursor-pointer text-sm font-semibold text-brand-700">Versions ({history.length})</summary>
              <table className="table mt-2">
                <TableHead columns={["Version", "Takes effect", "Saved by", "Saved on"]} />
                <tbody className="divide-y divide-slate-100">
                  {history.map((v) => (
                    <tr key={v.id}>
                      <td>{v.version}</td>
                      <td>
                        {formatDate(v.effectiveFrom)}
                        {v.effectiveFrom > today ? <span className="badge ml-2 bg-amber-100 text-amber-900">scheduled</span> : null}
                      </td>
                      <td>{v.createdBy}</td>
                      <td>{formatDate(clinicToday(v.createdAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            <details>
              <summary className="cursor-pointer text-sm font-semibold text-brand-700">Change {title.toLowerCase()}</summary>
              <div className="mt-3">
                {start.scheduledFrom ? (
                  <p className="mb-3 text-sm text-slate-600" data-testid={`form-from-${s.kind}`}>
                    A version takes effect on {formatDate(start.scheduledFrom)}: this form starts from the settings then in force, and a new version takes
                    effect on or after that day (on that day, it replaces the scheduled one).
                  </p>
                ) : null}
                <SettingsForm
                  kind={s.kind}
                  version={Math.max(0, ...history.map((v) => v.version))}
                  title={title}
                  fields={s.fields}
                  current={flatten(start.values)}
                  effectiveFrom={start.effectiveFrom}
                  effectiveHint={
                    start.scheduledFrom
                      ? `${formatDate(start.scheduledFrom)}, the day of the version already scheduled, or a later day: none can take effect before it.`
                      : "Today or a later day."
                  }
                />
              </div>
            </details>
          </section>
        );
      })}
    </div>
  );
}
