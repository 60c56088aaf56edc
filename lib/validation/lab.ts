import { z } from "zod";
import { LabValueKind, OutreachOutcome, PregnancyTestSetting, QualitativeResult, ReviewAction } from "@/lib/generated/prisma/enums";
import { acceptedUnits, CANONICAL_UNITS } from "@/lib/domain/monitoring/units";
import { isPregnancyTestObservation } from "@/lib/hl7/interpret";
import { REPEAT_DEFAULT_DAYS, REPEAT_MAX_DAYS } from "@/lib/domain/monitoring/repeat";
import { tokenCode } from "@/lib/confirmation-token";
import { blankAsAbsent, correctionReason, formSchema, isoDate, repeatedField, requiredText, unitText, uuid } from "./common";
import { confirmationsField } from "./confirmations";

const numericValue = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a number (up to 3 decimals), or leave it empty.");
const qualitativeValue = z.enum(QualitativeResult, { error: "Choose negative, positive or indeterminate." });

/** Confirmed warnings on a lab form: tokens of UNUSUAL:<labTestId> or DUPLICATE:<labTestId>, one checkbox each. */
const LAB_WARNING_CODE = /^(UNUSUAL|DUPLICATE):[0-9a-f-]{36}$/;
const confirmations = confirmationsField((a) => LAB_WARNING_CODE.test(tokenCode(a) ?? ""), 80);

const pregnancyTestSetting = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(PregnancyTestSetting, { error: "Choose where the pregnancy test was done." }).optional(),
);

const MAX_PANEL_VALUES = 40;

/** A panel's results as typed, keyed `value:<labTestId>` (and `unit:<labTestId>`) in the form; blanks are left out. */
function panelValues(raw: Record<string, string | string[]>, fieldErrors: Record<string, string[]>) {
  const values: { labTestId: string; value: string; unit?: string }[] = [];
  for (const [key, v] of Object.entries(raw)) {
    if (!key.startsWith("value:") || typeof v !== "string" || v.trim() === "") continue;
    const labTestId = key.slice(6);
    if (!uuid.safeParse(labTestId).success) {
      fieldErrors._form = ["The form is out of date. Reload the page."];
      continue;
    }
    const unit = raw[`unit:${labTestId}`];
    if (unit !== undefined && (typeof unit !== "string" || !unitText.safeParse(unit).success)) {
      fieldErrors[`unit:${labTestId}`] = ["Choose a unit from the list."];
      continue;
    }
    values.push({ labTestId, value: v.trim(), ...(unit ? { unit: unit.trim() } : {}) });
  }
  return values;
}

/**
 * A panel: one specimen date and any number of results. The submission id is minted when the form is
 * rendered, so a double submit inserts each result once.
 */
export function parseLabPanel(raw: Record<string, string | string[]>) {
  const base = z.object({ patientId: uuid, submissionId: uuid, specimenDate: isoDate, pregnancyTestSetting }).safeParse(raw);
  const fieldErrors: Record<string, string[]> = {};
  const ack = confirmations.safeParse(raw.ack);
  if (!ack.success) fieldErrors._form = ["The form is out of date. Reload the page."];
  const values = panelValues(raw, fieldErrors);
  if (!base.success) for (const issue of base.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
  if (values.length === 0) (fieldErrors._form ??= []).push("Enter at least one result.");
  if (values.length > MAX_PANEL_VALUES) (fieldErrors._form ??= []).push("Too many results in one panel.");
  return base.success && Object.keys(fieldErrors).length === 0
    ? { ok: true as const, data: { ...base.data, values, ack: ack.success ? ack.data : [] } }
    : { ok: false as const, fieldErrors };
}

/** The panel form as a schema, for the action client. */
export const labPanelSchema = formSchema((raw) => {
  const parsed = parseLabPanel(raw);
  if (parsed.ok) return parsed;
  return { ok: false, issues: Object.entries(parsed.fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ path: [field], message }))) };
});

/**
 * The results of a panel this schema refused (for its specimen date, say) as far as they read, with where the
 * pregnancy test was done when that reads: checked against the catalogue (lib/data/record-lab-panel.ts), their
 * problems are reported with the schema's, in one answer.
 */
export function refusedPanelValues(raw: Record<string, string | string[]>) {
  const setting = pregnancyTestSetting.safeParse(raw.pregnancyTestSetting);
  const values = panelValues(raw, {});
  // Too many for one panel is the schema's answer alone: that many are not looked up.
  return { values: values.length > MAX_PANEL_VALUES ? [] : values, pregnancyTestSetting: setting.success ? setting.data : undefined };
}

export function parseLabValue(kind: LabValueKind, value: string) {
  if (kind === "QUALITATIVE") {
    const r = qualitativeValue.safeParse(value);
    return r.success ? { ok: true as const, numeric: null, qualitative: r.data } : { ok: false as const, message: r.error.issues[0]!.message };
  }
  const r = numericValue.safeParse(value);
  return r.success ? { ok: true as const, numeric: r.data, qualitative: null } : { ok: false as const, message: r.error.issues[0]!.message };
}

const REPEAT_DAYS_MESSAGE = `Enter a whole number of days from 1 to ${REPEAT_MAX_DAYS}.`;
const repeatDays = z
  .string()
  .regex(/^\d{1,3}$/, REPEAT_DAYS_MESSAGE)
  .transform(Number)
  .refine((n) => n >= 1 && n <= REPEAT_MAX_DAYS, REPEAT_DAYS_MESSAGE);
/** A text field of the review form that counts only with "Repeat test": blank is absent, anything else is read then. */
const repeatField = z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : v), z.string().max(40, "At most 40 characters.").optional());

/**
 * Mark reviewed, with an optional note of the action taken ("other" needs the free text). "Repeat test"
 * takes when the repeat is due: a date, when given, else a number of days from the review (14 when blank);
 * the data function checks the date against the clinic's day (1 to 90 days ahead).
 */
export const acknowledgeSchema = z
  .object({
    labResultId: uuid,
    reviewAction: z.preprocess((v) => (v === "" ? undefined : v), z.enum(ReviewAction, { error: "Choose an action from the list." }).optional()),
    note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(500, "At most 500 characters.").optional()),
    repeatInDays: repeatField,
    repeatOn: repeatField,
  })
  .refine((v) => v.reviewAction !== "OTHER" || v.note !== undefined, { path: ["note"], message: "Describe the action taken." })
  .transform((v, ctx) => {
    const { repeatInDays, repeatOn, ...review } = v;
    if (review.reviewAction !== "REPEAT_TEST") return review;
    const parsed = repeatOn !== undefined ? isoDate.safeParse(repeatOn) : repeatDays.safeParse(repeatInDays ?? String(REPEAT_DEFAULT_DAYS));
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: [repeatOn !== undefined ? "repeatOn" : "repeatInDays"], message: parsed.error.issues[0]!.message });
      return z.NEVER;
    }
    return { ...review, repeat: typeof parsed.data === "number" ? { inDays: parsed.data } : { on: parsed.data } };
  });

/**
 * Entered in error: with a new value the result is corrected (a new row replaces it), without one it is
 * voided. An unusual corrected value is saved only once confirmed as the form showed it (`ack`: the token of
 * UNUSUAL:<labTestId> for that value's message), so another unusual value is asked about again.
 */
export const labCorrectionSchema = z.object({
  labResultId: uuid,
  value: blankAsAbsent(z.string().trim().max(20, "At most 20 characters.")),
  specimenDate: blankAsAbsent(isoDate),
  reason: correctionReason,
  ack: confirmationsField((a) => (tokenCode(a) ?? "").startsWith("UNUSUAL:") && LAB_WARNING_CODE.test(tokenCode(a) ?? ""), 1),
});
/** A monitoring item's key, as the rules make them ("course:<id>:peak"). */
const itemKey = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .regex(/^[a-z-]+:[0-9a-f-]{36}:[a-z0-9:-]+$/, "Unknown monitoring item.");
export const waiveSchema = z.object({ patientId: uuid, itemKey, reason: requiredText("a reason", 500) });
/** At most this many items in one outreach (a patient rarely has more than a handful open). */
export const MAX_OUTREACH_ITEMS = 30;
export const NO_ITEM = "Tick at least one item the call was about.";
export const TOO_MANY_ITEMS = `Tick at most ${MAX_OUTREACH_ITEMS} items.`;
/**
 * An outreach call: about the items ticked (the worklist's form or the patient page's), one note per item. A
 * key sent twice counts once.
 */
export const outreachSchema = z.object({
  patientId: uuid,
  // Checked as one field, so its message shows beside the ticks whichever key is wrong.
  itemKey: repeatedField(
    z
      .array(z.string())
      .min(1, NO_ITEM)
      .refine((keys) => keys.every((k) => itemKey.safeParse(k).success), "Unknown monitoring item.")
      .transform((keys) => [...new Set(keys.map((k) => itemKey.parse(k)))])
      .pipe(z.array(z.string()).max(MAX_OUTREACH_ITEMS, TOO_MANY_ITEMS)),
  ),
  outcome: z.enum(OutreachOutcome, { error: "Choose the outcome." }),
  note: requiredText("a note", 500),
});

/** Analytes a clinic-added test may count as: those with a canonical unit. */
export const MAPPABLE_ANALYTES = Object.keys(CANONICAL_UNITS) as [string, ...string[]];

const decimalOrBlank = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a number, or leave it empty.")
    .optional(),
);

export const catalogueTestSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{1,7}-\d$/, "Enter a LOINC code like 1989-3."),
    name: requiredText("a name", 120),
    kind: z.enum(LabValueKind, { error: "Choose the result type." }),
    unit: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(20, "At most 20 characters.").optional()),
    refLow: decimalOrBlank,
    refHigh: decimalOrBlank,
    /** The analyte the protocol knows that this test counts as (TG in mmol/L counts as triglycerides). */
    countsAs: z.preprocess((v) => (v === "" ? undefined : v), z.enum(MAPPABLE_ANALYTES, { error: "Choose an analyte from the list." }).optional()),
    actionHigh: decimalOrBlank,
    criticalHigh: decimalOrBlank,
  })
  .refine((v) => !v.refLow || !v.refHigh || Number(v.refLow) <= Number(v.refHigh), {
    path: ["refHigh"],
    message: "The upper limit must be at least the lower one.",
  })
  .refine((v) => !v.actionHigh || !v.criticalHigh || Number(v.actionHigh) < Number(v.criticalHigh), {
    path: ["criticalHigh"],
    message: "The critical level must be above the action level.",
  })
  // The pregnancy-prevention rules read the catalogue's own hCG tests (negative, positive, indeterminate): a
  // pregnancy test added as a test of its own, a quantitative hCG above all, would record a positive result
  // that stops nothing. One from a laboratory under another code waits in the queue and stops prescribing.
  .refine((v) => !isPregnancyTestObservation({ code: v.code, codeText: v.name }, []), {
    path: ["code"],
    message:
      "Pregnancy tests cannot be added: the pregnancy-prevention rules read the catalogue's hCG tests, recorded as negative, positive or indeterminate. Record a quantitative hCG as its interpretation on the serum hCG test.",
  })
  .refine((v) => !v.countsAs || v.kind === "QUANTITATIVE", { path: ["countsAs"], message: "Only a numeric test can count as a lipid or liver result." })
  .refine((v) => !v.countsAs || (acceptedUnits(v.countsAs) ?? []).some((u) => u.toLowerCase() === (v.unit ?? "").toLowerCase()), {
    path: ["unit"],
    message: "Use a unit accepted for that analyte (for example mg/dL or mmol/L for lipids, U/L for ALT and AST).",
  });

export const catalogueToggleSchema = z.object({ labTestId: uuid, active: z.enum(["true", "false"]).transform((v) => v === "true") });

/** A dermatologist acknowledges a notice of a repeat test no longer listed (lib/data/repeat-notices.ts). */
export const repeatNoticeSchema = z.object({ noticeId: uuid });
