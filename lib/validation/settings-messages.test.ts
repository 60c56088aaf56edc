import { describe, expect, it } from "vitest";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { flatten, parseSettingsForm, type SettingsKind } from "./settings";
import { SETTINGS_LABELS } from "./settings-labels";

/** Every field of the settings forms as the page labels it, by kind and field name. */
const LABELS = {
  MONITORING_PROTOCOL: {
    baselineWindowDays: "Baseline labs: days before start",
    peakWeeksAfterStart: "Peak labs: weeks after start",
    peakWeeksAfterIncrease: "Peak labs: weeks after an increase",
    periodicMonths: "Then every (months)",
    dueSoonDays: "Due soon: days before due",
    overdueAfterDays: "Lab overdue: days past due",
  },
  PREGNANCY_PREVENTION: {
    programme: "Programme",
    usModificationEffectiveFrom: "iPLEDGE 2026 modification takes effect on",
    homeTestsOptIn: "Home tests during and after treatment (where the rules allow)",
    prescriptionWindowDays: "Test within days before each prescription",
    monthlyTestIntervalDays: "Monthly test interval (days)",
    maxDaysSupply: "Supply limit (days)",
    screeningLookbackDays: "Screening tests count from (days before)",
    dueSoonDays: "Pregnancy test due soon: days before due",
    overdueAfterDays: "Pregnancy test overdue: days past due",
    followUpOverdueAfterDays: "Follow-up of a confirmed pregnancy overdue: days past due",
  },
  LAB_THRESHOLDS: {
    "TG.action": "Triglycerides action (mg/dL)",
    "TG.critical": "Triglycerides critical (mg/dL)",
    "CHOL.action": "Total cholesterol action (mg/dL)",
    "LDL.action": "LDL action (mg/dL)",
    "LIVER.actionTimesUln": "ALT/AST action (× upper limit)",
    "LIVER.criticalTimesUln": "ALT/AST critical (× upper limit)",
  },
  DOSING: {
    weightPolicy: "mg/kg divides by",
    doseCounting: "The cumulative dose counts",
    weightChangeAlertPercent: "Show both mg/kg figures when weight moved more than (%)",
    microBelowMilli: "Micro-dose: below (mg/kg/day)",
    lowBelowMilli: "Low dose: below (mg/kg/day)",
    standardUpToMilli: "Standard dose: up to (mg/kg/day)",
  },
} as const;

const DEFAULTS = {
  MONITORING_PROTOCOL: DEFAULT_PROTOCOL,
  PREGNANCY_PREVENTION: DEFAULT_PREGNANCY_SETTINGS,
  LAB_THRESHOLDS: DEFAULT_THRESHOLDS,
  DOSING: DEFAULT_DOSING_SETTINGS,
};
const KINDS = Object.keys(LABELS) as SettingsKind[];

/** The messages of each field when the form is sent with these values over the defaults. */
function errors(kind: SettingsKind, over: Record<string, string>): Record<string, string[]> {
  const r = parseSettingsForm({ kind, version: "1", effectiveFrom: "2026-12-01", ...flatten(DEFAULTS[kind]), ...over });
  if (r.ok) return {};
  const out: Record<string, string[]> = {};
  for (const issue of r.error.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const numericFields = (kind: SettingsKind) =>
  Object.entries(flatten(DEFAULTS[kind]))
    // Thousandths are entered as decimals, with their own messages (settings-dosing-form.test.ts).
    .filter(([name, v]) => /^\d+$/.test(v) && !name.endsWith("Milli"))
    .map(([name]) => name);

describe("settings messages name each field as the form labels it", () => {
  it("the form's labels are these, one for every setting", () => {
    expect(SETTINGS_LABELS).toEqual(LABELS);
    for (const kind of KINDS) expect(Object.keys(flatten(DEFAULTS[kind])).sort()).toEqual(Object.keys(LABELS[kind]).sort());
  });

  it.each(KINDS)("%s: a number out of bounds, a fraction or nothing", (kind) => {
    for (const name of numericFields(kind)) {
      const label = (LABELS[kind] as Record<string, string>)[name]!;
      expect(errors(kind, { [name]: "-99999" })[name]?.[0]).toMatch(new RegExp(`^"${escape(label)}" must be at least \\d+\\.$`));
      expect(errors(kind, { [name]: "99999" })[name]?.[0]).toMatch(new RegExp(`^"${escape(label)}" must be at most \\d+\\.$`));
      expect(errors(kind, { [name]: "1.5" })[name]).toEqual([`Enter a whole number for "${label}".`]);
      expect(errors(kind, { [name]: "" })[name]).toEqual([`Enter a whole number for "${label}".`]);
    }
  });

  it("Lab overdue: its bound, as the walk through the settings met it", () => {
    expect(errors("MONITORING_PROTOCOL", { overdueAfterDays: "-1" })).toEqual({ overdueAfterDays: ['"Lab overdue: days past due" must be at least 0.'] });
  });

  it("the rules between fields name the fields they compare", () => {
    expect(errors("LAB_THRESHOLDS", { "TG.action": "900", "TG.critical": "800" })).toEqual({
      "TG.action": ['"Triglycerides action (mg/dL)" must be below "Triglycerides critical (mg/dL)".'],
    });
    expect(errors("LAB_THRESHOLDS", { "LIVER.actionTimesUln": "5", "LIVER.criticalTimesUln": "5" })).toEqual({
      "LIVER.criticalTimesUln": ['"ALT/AST critical (× upper limit)" must be above "ALT/AST action (× upper limit)".'],
    });
    expect(errors("DOSING", { microBelowMilli: "0.3", lowBelowMilli: "0.2" })).toEqual({
      lowBelowMilli: ['"Low dose: below (mg/kg/day)" must be above "Micro-dose: below (mg/kg/day)" and below "Standard dose: up to (mg/kg/day)".'],
    });
    expect(errors("MONITORING_PROTOCOL", { periodicMonths: "1", dueSoonDays: "28", peakWeeksAfterStart: "8", peakWeeksAfterIncrease: "8" })).toEqual({
      dueSoonDays: ['"Due soon: days before due" must be fewer than 28: the 1 month (at least 28 days) between periodic labs, or one set would count for two.'],
    });
    expect(errors("PREGNANCY_PREVENTION", { programme: "EU_PPP", prescriptionWindowDays: "7", monthlyTestIntervalDays: "28" })).toEqual({
      prescriptionWindowDays: [
        `"Test within days before each prescription" cannot be longer than the programme's 4 days: a setting may tighten a rule, never loosen it.`,
      ],
    });
    expect(errors("PREGNANCY_PREVENTION", { usModificationEffectiveFrom: "2026-02-09" })).toEqual({
      usModificationEffectiveFrom: [
        expect.stringMatching(/^"iPLEDGE 2026 modification takes effect on" cannot be before the FDA's date, \d{1,2} [A-Z][a-z]{2} 2026: /),
      ],
    });
  });
});
