import type { ConfigKind } from "@/lib/generated/prisma/enums";

/**
 * The label of every field of the clinic's settings forms (app/(portal)/settings/page.tsx), by kind and field
 * name (nested keys joined by "."): the page labels its fields with them, and every message about a field
 * (lib/validation/settings.ts) names it by them, so a message never calls a field by another name.
 */
export const SETTINGS_LABELS = {
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
} as const satisfies Record<ConfigKind, Record<string, string>>;

/** A field's label as a message quotes it: "Lab overdue: days past due". */
export const quoted = <K extends ConfigKind>(kind: K, field: keyof (typeof SETTINGS_LABELS)[K]): string =>
  `"${(SETTINGS_LABELS[kind] as Record<typeof field, string>)[field]}"`;
