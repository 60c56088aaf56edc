import { z } from "zod";
import { isValidIsoDate } from "@/lib/domain/dates";
import { Indication } from "@/lib/generated/prisma/enums";

/**
 * A field a form may send zero, one or several times (checkboxes, a multiple select): absent reads as none,
 * one value as a list of one, a repeated field (which arrives as an array) as it is; then `list` checks it.
 */
export const repeatedField = <S extends z.ZodType>(list: S) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), list);

/** An id, canonical: lower case, so every "is this me / is this theirs" comparison sees one spelling. */
export const uuid = z
  .string()
  .uuid("Not a valid id.")
  .transform((id) => id.toLowerCase());

/**
 * A calendar date "YYYY-MM-DD" that exists, within a sane clinical range. Each check stops the next
 * (abort), so a field gets the one message that applies, never three stacked. An empty field asks for the
 * date: a browser's date picker sends nothing when it is left blank or only partly filled, and its user
 * never typed a format to get wrong.
 */
export const isoDate = z
  .string({ error: "Enter a date." })
  .trim()
  .min(1, { error: "Enter a date.", abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use the format YYYY-MM-DD.", abort: true })
  .refine(isValidIsoDate, { error: "That date does not exist.", abort: true })
  .refine((d) => d >= "1900-01-01" && d <= "2100-12-31", "That date is out of range.");

/** NUL and other control characters (tab and line breaks aside) are never clinical text. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const NO_CONTROL_CHARACTERS = "Remove the invisible control characters from this text.";
export const hasNoControlCharacters = (v: string) => !CONTROL_CHARACTERS.test(v);

/** Empty form fields become undefined. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS)
    .optional()
    .transform((v) => (v ? v : undefined));

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, { error: `Enter ${label}.`, abort: true })
    .max(max, { error: `At most ${max} characters.`, abort: true })
    .refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);

/** A whole number from a form field; rejects decimals, NaN, Infinity and exponents. */
export const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .regex(/^-?\d+$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} must be at least ${min}.`)
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be at most ${max}.`),
    );

/**
 * Whole mg from a form field: a dose, a capsule strength, a total (docs/DOMAIN.md: integer mg; capsules come in
 * whole mg). Anything else (".3", "20.5", an empty field) is asked for in whole mg, with an example; the bounds say mg.
 */
export const wholeMg = (label: string, min: number, max: number, example = 20) => {
  const enter = `Enter ${label} in whole mg, like ${example}.`;
  const named = `${label[0]!.toUpperCase()}${label.slice(1)}`;
  return z
    .string({ error: enter })
    .trim()
    .regex(/^-?\d+$/, enter)
    .transform(Number)
    .pipe(z.number().int().min(min, `${named} must be at least ${min} mg.`).max(max, `${named} must be at most ${max} mg.`));
};

/** Kilograms with up to one decimal place, returned as integer grams. */
export const weightKgToGrams = z
  .string({ error: "Enter a weight." })
  .trim()
  .regex(/^\d{1,3}(\.\d{1,3})?$/, "Enter a weight in kg, like 62.5.")
  .transform((v) => Math.round(Number(v) * 1000))
  .pipe(z.number().int().min(20_000, "Weight must be at least 20 kg.").max(300_000, "Weight must be at most 300 kg."));

/** Why the patient is treated: asked at registration and again for each course. */
export const indication = z.enum(Indication, { error: "Choose an indication." });

/** Why an entry was entered in error or corrected: 3 to 500 characters of plain text. */
export const correctionReason = z
  .string({ error: "Enter a reason." })
  .trim()
  .min(3, "Enter a reason of at least 3 characters.")
  .max(500, "At most 500 characters.")
  .refine(hasNoControlCharacters, NO_CONTROL_CHARACTERS);

/** An optional form field: empty means not given. */
export const blankAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

type FieldIssue = { path: PropertyKey[]; message: string };

/**
 * A form whose shape depends on its own fields (which settings, which tests) as one schema: the parser's
 * errors become issues on the fields they name, so the form shows them like any other field error.
 */
export function formSchema<T>(parse: (raw: Record<string, string | string[]>) => { ok: true; data: T } | { ok: false; issues: FieldIssue[] }) {
  return z.record(z.string(), z.union([z.string(), z.array(z.string())])).transform((raw, ctx) => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.data;
    for (const { path, message } of parsed.issues) ctx.addIssue({ code: "custom", path, message });
    return z.NEVER;
  });
}

/** A checkbox: ticked sends "on", unticked sends nothing. */
export const checkbox = z
  .union([z.literal("on"), z.literal("true")], { error: "Tick the box or leave it empty." })
  .optional()
  .transform((v) => v !== undefined);

/** The largest value a PostgreSQL INTEGER column holds. */
export const INT4_MAX = 2_147_483_647;
export const RECORD_VERSION_INVALID = "This form's record version is not valid: reload the page and try again.";

/**
 * The version a form was opened with (optimistic concurrency: a patient's or a course's `version`). A
 * whole number the INTEGER column can hold: anything else is this field's error, never a database error.
 */
export const recordVersion = z.coerce
  .number({ error: RECORD_VERSION_INVALID })
  .int(RECORD_VERSION_INVALID)
  .min(1, RECORD_VERSION_INVALID)
  .max(INT4_MAX, RECORD_VERSION_INVALID);

/** A unit as a form or the lab queue offers it (mg/dL, mmol/L, U/L, [IU]/L...). */
export const unitText = z
  .string()
  .trim()
  .max(20)
  .regex(/^[A-Za-z0-9/%.\[\]*^ -]*$/);
