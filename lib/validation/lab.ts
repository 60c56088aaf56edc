import { z } from "zod";
import { LabValueKind, PregnancyTestSetting, QualitativeResult } from "@/lib/generated/prisma/enums";
import { blankAsAbsent, correctionReason, formSchema, isoDate, requiredText, uuid } from "./common";

const numericValue = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a number (up to 3 decimals), or leave it empty.");
const qualitativeValue = z.enum(QualitativeResult, { error: "Choose negative, positive or indeterminate." });

/**
 * A panel: one specimen date and any number of results, keyed `value:<labTestId>` in the form. The
 * submission id is minted when the form is rendered, so a double submit inserts each result once.
 */
export function parseLabPanel(raw: Record<string, string | string[]>) {
  const base = z
    .object({
      patientId: uuid,
      submissionId: uuid,
      specimenDate: isoDate,
      pregnancyTestSetting: z.preprocess(
        (v) => (v === "" ? undefined : v),
        z.enum(PregnancyTestSetting, { error: "Choose where the pregnancy test was done." }).optional(),
      ),
    })
    .safeParse(raw);
  const values: { labTestId: string; value: string }[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (!key.startsWith("value:") || typeof v !== "string" || v.trim() === "") continue;
    const labTestId = key.slice(6);
    if (!uuid.safeParse(labTestId).success) {
      fieldErrors._form = ["The form is out of date. Reload the page."];
      continue;
    }
    values.push({ labTestId, value: v.trim() });
  }
  if (!base.success) for (const issue of base.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
  if (values.length === 0) (fieldErrors._form ??= []).push("Enter at least one result.");
  if (values.length > 40) (fieldErrors._form ??= []).push("Too many results in one panel.");
  return base.success && Object.keys(fieldErrors).length === 0 ? { ok: true as const, data: { ...base.data, values } } : { ok: false as const, fieldErrors };
}

/** The panel form as a schema, for the action client. */
export const labPanelSchema = formSchema((raw) => {
  const parsed = parseLabPanel(raw);
  if (parsed.ok) return parsed;
  return { ok: false, issues: Object.entries(parsed.fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ path: [field], message }))) };
});

export function parseLabValue(kind: LabValueKind, value: string) {
  if (kind === "QUALITATIVE") {
    const r = qualitativeValue.safeParse(value);
    return r.success ? { ok: true as const, numeric: null, qualitative: r.data } : { ok: false as const, message: r.error.issues[0]!.message };
  }
  const r = numericValue.safeParse(value);
  return r.success ? { ok: true as const, numeric: r.data, qualitative: null } : { ok: false as const, message: r.error.issues[0]!.message };
}

export const acknowledgeSchema = z.object({ labResultId: uuid });

/** Entered in error: with a new value the result is corrected (a new row replaces it), without one it is voided. */
export const labCorrectionSchema = z.object({
  labResultId: uuid,
  value: blankAsAbsent(z.string().trim().max(20, "At most 20 characters.")),
  specimenDate: blankAsAbsent(isoDate),
  reason: correctionReason,
});
/** A monitoring item's key, as the rules make them ("course:<id>:peak"). */
const itemKey = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .regex(/^[a-z-]+:[0-9a-f-]{36}:[a-z0-9:-]+$/, "Unknown monitoring item.");
export const waiveSchema = z.object({ patientId: uuid, itemKey, reason: requiredText("a reason", 500) });
export const outreachSchema = z.object({ patientId: uuid, itemKey, note: requiredText("a note", 500) });

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
  })
  .refine((v) => !v.refLow || !v.refHigh || Number(v.refLow) <= Number(v.refHigh), {
    path: ["refHigh"],
    message: "The upper limit must be at least the lower one.",
  });

export const catalogueToggleSchema = z.object({ labTestId: uuid, active: z.enum(["true", "false"]).transform((v) => v === "true") });
