import { z } from "zod";
import { PregnancyTestSetting, QualitativeResult } from "@/lib/generated/prisma/enums";
import { isoDate } from "@/lib/validation/common";

/**
 * The labs template: one row per result, as a laboratory report or the previous system lists them. The
 * test is named by its code in the clinic's lab catalogue (LOINC); a numeric result carries its unit, which
 * must be one the catalogue accepts for that test (mmol/L lipids are converted as on the lab form). The
 * reference range and flag are optional and kept as the laboratory reported them. Pregnancy tests say where
 * the specimen was taken, as the lab form asks.
 */
const blankAsNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v !== "string" ? v : v.trim() === "" ? null : v.trim()), schema.nullable());

const decimal = z.string().regex(/^\d{1,6}(\.\d{1,3})?$/, "Enter a number (up to 3 decimals), or leave it empty.");

export const labRow = z
  .object({
    mrn: z.string().trim().min(1, "Enter the MRN.").max(32, "At most 32 characters."),
    date_of_birth: isoDate,
    specimen_date: isoDate,
    test_code: z
      .string()
      .trim()
      .regex(/^\d{1,7}-\d$/, "Enter the test's LOINC code as the lab catalogue lists it, like 2571-8."),
    value: z.string().trim().min(1, "Enter the result.").max(20, "At most 20 characters."),
    unit: blankAsNull(
      z
        .string()
        .max(20, "At most 20 characters.")
        .regex(/^[A-Za-z0-9/%.[\]*^ -]+$/, "Write the unit as the laboratory does, like mg/dL or mmol/L."),
    ),
    reference_low: blankAsNull(decimal),
    reference_high: blankAsNull(decimal),
    lab_flag: blankAsNull(z.string().regex(/^[A-Za-z<>]{1,5}$/, "Use the laboratory's flag letters, like H, L, HH or A.")),
    pregnancy_test_setting: blankAsNull(
      z
        .string()
        .transform((v) => v.toUpperCase())
        .pipe(z.enum(PregnancyTestSetting, { error: `Use one of ${Object.values(PregnancyTestSetting).join(", ")}.` })),
    ),
  })
  .refine((r) => r.reference_low === null || r.reference_high === null || Number(r.reference_low) <= Number(r.reference_high), {
    path: ["reference_high"],
    message: "The upper limit must be at least the lower one.",
  })
  .transform((r) => ({
    mrn: r.mrn,
    dateOfBirth: r.date_of_birth,
    specimenDate: r.specimen_date,
    testCode: r.test_code,
    value: r.value,
    unit: r.unit,
    refLow: r.reference_low,
    refHigh: r.reference_high,
    labFlag: r.lab_flag,
    setting: r.pregnancy_test_setting,
  }));

export type LabImportRow = z.output<typeof labRow>;

export const labColumns = [
  { name: "mrn", meaning: "The patient's MRN, as registered" },
  { name: "date_of_birth", meaning: "YYYY-MM-DD; must match the registered patient" },
  { name: "specimen_date", meaning: "YYYY-MM-DD, the day the specimen was collected; not in the future" },
  { name: "test_code", meaning: "The test's LOINC code as the lab catalogue lists it, like 2571-8 (triglycerides)" },
  { name: "value", meaning: `A number, like 182 or 2.05; for pregnancy tests ${Object.values(QualitativeResult).join(", ")}` },
  {
    name: "unit",
    meaning: "The result's unit, one the catalogue accepts for the test (mg/dL or mmol/L for lipids, U/L for ALT/AST); blank for pregnancy tests",
  },
  { name: "reference_low", meaning: "Optional: the laboratory's lower reference limit, in the result's unit" },
  { name: "reference_high", meaning: "Optional: the laboratory's upper reference limit, in the result's unit" },
  { name: "lab_flag", meaning: "Optional: the laboratory's flag (H, L, HH, A…), kept beside the portal's own" },
  {
    name: "pregnancy_test_setting",
    meaning: `Pregnancy tests only: ${Object.values(PregnancyTestSetting).join(", ")}; only negative results dated before today are imported`,
  },
] as const;

export const labExample: Record<string, string> = {
  mrn: "MRN-10001",
  date_of_birth: "2001-04-17",
  specimen_date: "2026-02-03",
  test_code: "2571-8",
  value: "1.85",
  unit: "mmol/L",
  reference_low: "0",
  reference_high: "1.7",
  lab_flag: "H",
  pregnancy_test_setting: "",
};
