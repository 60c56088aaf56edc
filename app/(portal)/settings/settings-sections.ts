import { DOSE_COUNTING_LABELS, PROGRAMME_LABELS } from "@/lib/admin-labels";
import { AVERAGE_WINDOW_DAYS } from "@/lib/domain/dosing/settings";
import { toOptions, WEIGHT_POLICY_LABELS } from "@/lib/labels";
import type { SettingsKind } from "@/lib/validation/settings";
import { SETTINGS_LABELS as L } from "@/lib/validation/settings-labels";
import type { SettingsField } from "./settings-forms";

/** The settings page's sections: each kind of settings, what it does, and its fields in the form's order. */
export const SECTIONS: { kind: SettingsKind; note: string; fields: SettingsField[] }[] = [
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
