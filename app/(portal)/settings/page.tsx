import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { getDosingSettings, getPregnancySettings, getProtocol, getThresholds } from "@/lib/data/config";
import { getPregnancyRules } from "@/lib/data/pregnancy-history";
import type { EffectiveRules } from "@/lib/domain/pregnancy";
import { listConfigVersions, newVersionForms } from "@/lib/data/settings";
import { formatDate } from "@/lib/format";
import { CONFIG_KIND_LABELS } from "@/lib/admin-labels";
import { withArticle } from "@/lib/articles";
import { flatten, type SettingsKind } from "@/lib/validation/settings";
import { SettingsForm } from "./settings-forms";
import { SECTIONS } from "./settings-sections";
import { settingShown } from "./setting-shown";
import { VersionsTable } from "./versions-table";

export const metadata: Metadata = { title: "Clinic settings" };

/** The rules in force in one line: the window, the supply, the test after the last dose, and what only some rule sets have. */
function ruleSetSummary(r: EffectiveRules): string {
  return [
    `test within ${r.prescriptionWindowDays} days before each prescription`,
    `at most ${withArticle(`${r.maxDaysSupply}-day supply`)}`,
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
                  <dd className="font-semibold">{settingShown(f, current[f.name])}</dd>
                </div>
              ))}
            </dl>
            <VersionsTable kind={s.kind} fields={s.fields} versions={history} today={today} />
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
