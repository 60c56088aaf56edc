import { z } from "zod";
import { DEFAULT_DOSING_SETTINGS, WEIGHT_POLICIES, type DosingSettings } from "@/lib/domain/dosing/settings";
import { DOSE_COUNTING } from "@/lib/domain/dosing/supply";
import { DEFAULT_THRESHOLDS, type LabThresholds } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL, MAX_BASELINE_WINDOW_DAYS, type MonitoringProtocol } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_PREGNANCY_SETTINGS, PROGRAMMES, RULE_SETS, type PregnancySettings } from "@/lib/domain/pregnancy";
import { ConfigKind } from "@/lib/generated/prisma/enums";
import { formatDate } from "@/lib/format";
import { formSchema, INT4_MAX, isoDate, RECORD_VERSION_INVALID } from "./common";
import { quoted, SETTINGS_LABELS } from "./settings-labels";
import { decimalToMilli, isMilliField, milliToDecimal } from "./settings-milli";

/**
 * The clinic's effective-dated settings (clinic_configs). Each kind has one schema used twice: to parse a
 * settings form (flat field names, nested keys joined by ".") and to check a stored version before use.
 * Bounds keep every value clinically plausible; the cross-field rules keep the thresholds in order.
 */
/** A whole number within its bounds; `label` is the field's as the form labels it, quoted (settings-labels.ts). */
const n = (min: number, max: number, label: string) =>
  z
    .number({ error: `Enter a whole number for ${label}.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min}.`)
    .max(max, `${label} must be at most ${max}.`);
/** Thousandths within their bounds, entered and spoken of in the unit they stand for (settings-milli.ts). */
const milli = (min: number, max: number, label: string) =>
  z
    .number({ error: `${label} takes mg/kg/day with at most 3 decimals, like ${milliToDecimal(min < 100 ? 100 : min)}.` })
    .int(`${label} takes mg/kg/day with at most 3 decimals.`)
    .min(min, `${label} must be at least ${milliToDecimal(min)}.`)
    .max(max, `${label} must be at most ${milliToDecimal(max)}.`);
type FieldOf<K extends keyof typeof SETTINGS_LABELS> = keyof (typeof SETTINGS_LABELS)[K];
const protocol = (field: FieldOf<"MONITORING_PROTOCOL">) => quoted("MONITORING_PROTOCOL", field);
const pregnancy = (field: FieldOf<"PREGNANCY_PREVENTION">) => quoted("PREGNANCY_PREVENTION", field);
const threshold = (field: FieldOf<"LAB_THRESHOLDS">) => quoted("LAB_THRESHOLDS", field);
const dosing = (field: FieldOf<"DOSING">) => quoted("DOSING", field);

/** Each protocol field within its bounds: how a stored version is read (one saved before the rules between fields still reads). */
export const protocolFieldsSchema = z.object({
  baselineWindowDays: n(7, MAX_BASELINE_WINDOW_DAYS, protocol("baselineWindowDays")),
  peakWeeksAfterStart: n(2, 16, protocol("peakWeeksAfterStart")),
  peakWeeksAfterIncrease: n(2, 12, protocol("peakWeeksAfterIncrease")),
  periodicMonths: n(1, 6, protocol("periodicMonths")),
  dueSoonDays: n(0, 30, protocol("dueSoonDays")),
  overdueAfterDays: n(0, 60, protocol("overdueAfterDays")),
}) satisfies z.ZodType<MonitoringProtocol>;

/**
 * A new protocol version. The due-soon days also open the window in which a set completes the peak-dose
 * and periodic labs, so they must be fewer than the days from the anchor to each: else a baseline set,
 * a set before the dose increase, or the last periodic set would fall in the next item's window
 * (lib/domain/monitoring/protocol.ts never counts those, for versions stored before this rule).
 * A month is counted as its shortest, 28 days.
 */
export const protocolSchema = protocolFieldsSchema.superRefine((p, ctx) => {
  const fewer = (days: number, message: string) => {
    if (p.dueSoonDays >= days)
      ctx.addIssue({ code: "custom", path: ["dueSoonDays"], message: `${protocol("dueSoonDays")} must be fewer than ${days}: ${message}` });
  };
  fewer(
    p.peakWeeksAfterStart * 7,
    `the ${p.peakWeeksAfterStart} weeks from the start to the peak-dose labs, or the baseline labs before the start would count as the peak-dose labs.`,
  );
  fewer(
    p.peakWeeksAfterIncrease * 7,
    `the ${p.peakWeeksAfterIncrease} weeks from a dose increase to the peak-dose labs, or labs before the increase would count as the peak-dose labs.`,
  );
  fewer(
    p.periodicMonths * 28,
    `the ${p.periodicMonths} ${p.periodicMonths === 1 ? "month" : "months"} (at least ${p.periodicMonths * 28} days) between periodic labs, or one set would count for two.`,
  );
}) satisfies z.ZodType<MonitoringProtocol>;

/** The rule set numbers the clinic's settings may tighten. */
type Tightening = "prescriptionWindowDays" | "monthlyTestIntervalDays" | "maxDaysSupply" | "followUpOverdueAfterDays";
/** A tightening's upper bound: the loosest value of the rule across every rule set. */
const loosest = (key: Tightening) => Math.max(...RULE_SETS.map((r) => r[key]));

/**
 * The clinic's pregnancy-prevention choices. A tightening may never be looser than any rule set of the
 * chosen programme: the form refuses it naming the rule's limit (and the engine takes the stricter value
 * anyway, so a stored version cannot loosen a rule either).
 */
export const pregnancySchema = z
  .object({
    programme: z.enum(PROGRAMMES, { error: "Choose the programme." }),
    usModificationEffectiveFrom: isoDate,
    homeTestsOptIn: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
    prescriptionWindowDays: n(1, loosest("prescriptionWindowDays"), pregnancy("prescriptionWindowDays")),
    monthlyTestIntervalDays: n(14, loosest("monthlyTestIntervalDays"), pregnancy("monthlyTestIntervalDays")),
    maxDaysSupply: n(7, loosest("maxDaysSupply"), pregnancy("maxDaysSupply")),
    // Bounded as the pregnancy tests' overdue days, so that a value past the rule set's gets the message naming its limit.
    followUpOverdueAfterDays: n(0, 30, pregnancy("followUpOverdueAfterDays")),
    screeningLookbackDays: n(30, 120, pregnancy("screeningLookbackDays")),
    overdueAfterDays: n(0, 30, pregnancy("overdueAfterDays")),
    dueSoonDays: n(0, 14, pregnancy("dueSoonDays")),
  })
  .superRefine((s, ctx) => {
    const sets = RULE_SETS.filter((r) => r.programme === s.programme);
    const limit = (key: Tightening) => {
      const strictest = Math.min(...sets.map((r) => r[key]));
      if (s[key] > strictest)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${pregnancy(key)} cannot be longer than the programme's ${strictest} days: a setting may tighten a rule, never loosen it.`,
        });
    };
    const fdaDate = RULE_SETS.find((r) => r.id === "US_IPLEDGE_2026")!.effectiveFrom;
    if (s.usModificationEffectiveFrom < fdaDate) {
      ctx.addIssue({
        code: "custom",
        path: ["usModificationEffectiveFrom"],
        message:
          `${pregnancy("usModificationEffectiveFrom")} cannot be before the FDA's date, ${formatDate(fdaDate)}: ` +
          "it relaxes rules, and a setting never loosens one. A later date postpones it.",
      });
    }
    limit("prescriptionWindowDays");
    limit("monthlyTestIntervalDays");
    limit("maxDaysSupply");
    limit("followUpOverdueAfterDays");
  }) satisfies z.ZodType<PregnancySettings>;

/**
 * Versions saved before the lab range alone decided HIGH and LOW also carry TG.high, LDL.high and HDL.low,
 * which no longer flag anything and are dropped; their CHOL.high (240, "high" in NCEP ATP III) is the
 * cholesterol action level.
 */
const cholesterolLevels = z.preprocess(
  (v) => (v && typeof v === "object" && !("action" in v) && "high" in v ? { action: (v as { high: unknown }).high } : v),
  z.object({ action: n(150, 400, threshold("CHOL.action")) }),
);

export const thresholdsSchema = z
  .object({
    TG: z.object({ action: n(200, 1000, threshold("TG.action")), critical: n(400, 2000, threshold("TG.critical")) }),
    CHOL: cholesterolLevels,
    LDL: z.object({ action: n(130, 300, threshold("LDL.action")) }),
    LIVER: z.object({ actionTimesUln: n(2, 10, threshold("LIVER.actionTimesUln")), criticalTimesUln: n(3, 20, threshold("LIVER.criticalTimesUln")) }),
  })
  .superRefine((t, ctx) => {
    if (!(t.TG.action < t.TG.critical))
      ctx.addIssue({ code: "custom", path: ["TG", "action"], message: `${threshold("TG.action")} must be below ${threshold("TG.critical")}.` });
    if (!(t.LIVER.actionTimesUln < t.LIVER.criticalTimesUln))
      ctx.addIssue({
        code: "custom",
        path: ["LIVER", "criticalTimesUln"],
        message: `${threshold("LIVER.criticalTimesUln")} must be above ${threshold("LIVER.actionTimesUln")}.`,
      });
  }) satisfies z.ZodType<LabThresholds>;

export const dosingSchema = z
  .object({
    weightPolicy: z.enum(WEIGHT_POLICIES, { error: "Choose which weight mg/kg divides by." }),
    weightChangeAlertPercent: n(1, 20, dosing("weightChangeAlertPercent")),
    microBelowMilli: milli(10, 300, dosing("microBelowMilli")),
    lowBelowMilli: milli(100, 800, dosing("lowBelowMilli")),
    standardUpToMilli: milli(500, 2000, dosing("standardUpToMilli")),
    doseCounting: z.enum(DOSE_COUNTING, { error: "Choose how the cumulative dose counts." }),
  })
  .superRefine((d, ctx) => {
    if (!(d.microBelowMilli < d.lowBelowMilli && d.lowBelowMilli < d.standardUpToMilli))
      ctx.addIssue({
        code: "custom",
        path: ["lowBelowMilli"],
        message: `${dosing("lowBelowMilli")} must be above ${dosing("microBelowMilli")} and below ${dosing("standardUpToMilli")}.`,
      });
  }) satisfies z.ZodType<DosingSettings>;

/** Per kind: the schema of a new version (the form), the schema a stored version is read with, and the cited defaults. */
export const SETTINGS = {
  MONITORING_PROTOCOL: { schema: protocolSchema, stored: protocolFieldsSchema, defaults: DEFAULT_PROTOCOL },
  LAB_THRESHOLDS: { schema: thresholdsSchema, stored: thresholdsSchema, defaults: DEFAULT_THRESHOLDS },
  DOSING: { schema: dosingSchema, stored: dosingSchema, defaults: DEFAULT_DOSING_SETTINGS },
  PREGNANCY_PREVENTION: { schema: pregnancySchema, stored: pregnancySchema, defaults: DEFAULT_PREGNANCY_SETTINGS },
} as const satisfies Record<ConfigKind, { schema: z.ZodType; stored: z.ZodType; defaults: object }>;
export type SettingsKind = keyof typeof SETTINGS;
export const SETTINGS_KINDS = Object.keys(SETTINGS) as SettingsKind[];

/**
 * Nested settings to the form's flat field names ("pregnancy.screeningTests": "2"), as the form shows them
 * (thousandths as their decimal, settings-milli.ts): the inverse of unflatten.
 */
export function flatten(value: object, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object") Object.assign(out, flatten(v, name));
    else out[name] = isMilliField(k) && typeof v === "number" ? milliToDecimal(v) : String(v);
  }
  return out;
}

/**
 * Flat form fields ("pregnancy.screeningTests": "2") to the nested shape, numbers where they look like numbers
 * (a decimal for thousandths, settings-milli.ts).
 */
export function unflatten(raw: Record<string, string | string[]>, template: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (shape: object, prefix: string, target: Record<string, unknown>) => {
    for (const [key, def] of Object.entries(shape)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (def !== null && typeof def === "object") walk(def, name, (target[key] = {}) as Record<string, unknown>);
      else {
        const v = raw[name];
        const s = typeof v === "string" ? v.trim() : undefined;
        const number = (text: string) => (isMilliField(key) ? decimalToMilli(text) : /^-?\d+$/.test(text) ? Number(text) : Number.NaN);
        target[key] = typeof def !== "number" ? s : s === "" || s === undefined ? undefined : number(s);
      }
    }
  };
  walk(template, "", out);
  return out;
}

const settingsFormBase = z.object({
  kind: z.enum(ConfigKind, { error: "Unknown settings." }),
  /** The latest saved version of the kind when the form was opened (0: none saved): a save from an older form is refused. */
  version: z
    .string({ error: RECORD_VERSION_INVALID })
    .regex(/^\d{1,10}$/, RECORD_VERSION_INVALID)
    .transform(Number)
    .pipe(z.number().max(INT4_MAX, RECORD_VERSION_INVALID)),
  effectiveFrom: isoDate,
});

/** A settings form: which kind, from when, and its values. Errors are keyed by the form's field names. */
export function parseSettingsForm(raw: Record<string, string | string[]>) {
  const base = settingsFormBase.safeParse(raw);
  if (!base.success) return { ok: false as const, error: base.error };
  const { schema, defaults } = SETTINGS[base.data.kind];
  const values = schema.safeParse(unflatten(raw, defaults));
  if (!values.success) return { ok: false as const, error: values.error };
  return {
    ok: true as const,
    data: {
      kind: base.data.kind,
      openedAt: base.data.version,
      effectiveFrom: base.data.effectiveFrom,
      config: values.data as MonitoringProtocol | LabThresholds | DosingSettings | PregnancySettings,
    },
  };
}

/** The settings form as a schema, for the action client. */
export const settingsFormSchema = formSchema((raw) => {
  const parsed = parseSettingsForm(raw);
  return parsed.ok ? parsed : { ok: false, issues: parsed.error.issues };
});
