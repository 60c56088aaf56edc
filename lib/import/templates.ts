import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { Indication, PregnancyCategory, RegimenIntent, SexAtBirth } from "@/lib/generated/prisma/enums";
import { PAPER_OUTCOMES, PAPER_PERIOD_PATTERNS } from "@/lib/validation/paper-course";
import { isoDate, weightKgToGrams } from "@/lib/validation/common";
import { patientSchema } from "@/lib/validation/patient";
import { labColumns, labExample, labRow, type LabImportRow } from "./lab-template";

/**
 * The migration templates: one per kind of record, each a fixed list of columns, an example row, the
 * permission that may import it, and the schema one row must pass. Rows name their patient by MRN and date
 * of birth together, as a laboratory's result does, so a mistyped MRN cannot land on someone else.
 */
export const IMPORT_KINDS = ["patients", "weights", "courses", "labs"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnHelp {
  name: string;
  meaning: string;
}

interface Template<Row> {
  label: string;
  permission: Permission;
  columns: readonly ColumnHelp[];
  example: Record<string, string>;
  row: z.ZodType<Row>;
}

/** An enum cell: the stored code in any case, spaces for underscores ("can become pregnant"). */
const codeOf = <E extends Record<string, string>>(values: E, what: string) =>
  z
    .string()
    .transform((v) =>
      v
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, "_"),
    )
    .pipe(z.enum(values, { error: `Use one of ${Object.values(values).join(", ")} for ${what}.` }));

const p = patientSchema.shape;
const patientRow = z
  .object({
    mrn: p.mrn,
    first_name: p.firstName,
    last_name: p.lastName,
    date_of_birth: p.dateOfBirth,
    sex_at_birth: codeOf(SexAtBirth, "the sex at birth"),
    pregnancy_category: codeOf(PregnancyCategory, "the pregnancy-potential category"),
    indication: codeOf(Indication, "the indication"),
    phone: p.phone,
    email: p.email,
  })
  .transform((r) => ({
    mrn: r.mrn,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    sexAtBirth: r.sex_at_birth,
    pregnancyCategory: r.pregnancy_category,
    indication: r.indication,
    phone: r.phone,
    email: r.email,
  }));

export type PatientRow = z.output<typeof patientRow>;

const patientKey = { mrn: z.string().trim().min(1, "Enter the MRN.").max(32, "At most 32 characters."), date_of_birth: isoDate };

const weightRow = z
  .object({ ...patientKey, measured_on: isoDate, weight_kg: weightKgToGrams })
  .transform((r) => ({ mrn: r.mrn, dateOfBirth: r.date_of_birth, measuredOn: r.measured_on, weightGrams: r.weight_kg }));

export type WeightRow = z.output<typeof weightRow>;

/**
 * One row per dose period of a finished course; the rows of one course share its MRN and start date and
 * repeat its course columns. A course known only by its total is one row with total_mg and no period.
 */
const courseRow = z
  .object({ ...patientKey, course_start: isoDate })
  .passthrough()
  .transform((r) => ({ mrn: r.mrn, dateOfBirth: r.date_of_birth, courseStart: r.course_start, cells: r as Record<string, string> }));

export type CourseRow = z.output<typeof courseRow>;

/** The columns a course's rows must repeat alike; the dose-period columns differ from row to row. */
export const COURSE_COLUMNS = ["date_of_birth", "course_end", "indication", "regimen", "outcome", "weight_kg", "target_mg_per_kg", "total_mg"] as const;

const keyHelp: ColumnHelp[] = [
  { name: "mrn", meaning: "The patient's MRN, as registered" },
  { name: "date_of_birth", meaning: "YYYY-MM-DD; must match the registered patient" },
];

export const TEMPLATES: { patients: Template<PatientRow>; weights: Template<WeightRow>; courses: Template<CourseRow>; labs: Template<LabImportRow> } = {
  patients: {
    label: "Patients",
    permission: "patients.write",
    columns: [
      { name: "mrn", meaning: "Medical record number: letters, digits and dashes" },
      { name: "first_name", meaning: "First name" },
      { name: "last_name", meaning: "Last name" },
      { name: "date_of_birth", meaning: "YYYY-MM-DD" },
      { name: "sex_at_birth", meaning: Object.values(SexAtBirth).join(", ") },
      { name: "pregnancy_category", meaning: `${Object.values(PregnancyCategory).join(", ")} (only a dermatologist imports the second)` },
      { name: "indication", meaning: Object.values(Indication).join(", ") },
      { name: "phone", meaning: "Optional" },
      { name: "email", meaning: "Optional" },
    ],
    example: {
      mrn: "MRN-10001",
      first_name: "Alex",
      last_name: "Rivera",
      date_of_birth: "2001-04-17",
      sex_at_birth: "FEMALE",
      pregnancy_category: "CAN_BECOME_PREGNANT",
      indication: "ACNE_NODULAR",
      phone: "(201) 555-0100",
      email: "",
    },
    row: patientRow,
  },
  weights: {
    label: "Weights",
    permission: "weights.write",
    columns: [...keyHelp, { name: "measured_on", meaning: "YYYY-MM-DD, not in the future" }, { name: "weight_kg", meaning: "Kilograms, like 62.5" }],
    example: { mrn: "MRN-10001", date_of_birth: "2001-04-17", measured_on: "2026-01-05", weight_kg: "62.5" },
    row: weightRow,
  },
  courses: {
    label: "Past courses",
    permission: "doses.write",
    columns: [
      ...keyHelp,
      { name: "course_start", meaning: "YYYY-MM-DD, the first day of the course; rows of one course share it" },
      { name: "course_end", meaning: "YYYY-MM-DD, the last day (a finished course)" },
      { name: "indication", meaning: Object.values(Indication).join(", ") },
      { name: "regimen", meaning: Object.values(RegimenIntent).join(", ") },
      { name: "outcome", meaning: PAPER_OUTCOMES.join(", ") },
      { name: "weight_kg", meaning: "The weight the course was dosed by, like 62.5" },
      { name: "target_mg_per_kg", meaning: "Optional; blank: the default for the indication" },
      { name: "total_mg", meaning: "Only when the dose periods are not known: the course's total in mg" },
      { name: "period_start", meaning: "YYYY-MM-DD, when this dose started (the first period starts with the course)" },
      { name: "dose_mg", meaning: "The dose in mg each time it was taken" },
      { name: "how_often", meaning: `${PAPER_PERIOD_PATTERNS.join(", ")} (blank: DAILY)` },
      { name: "every_n", meaning: "For EVERY_N_DAYS, the number of days; for TIMES_PER_WEEK, the times a week" },
    ],
    example: {
      mrn: "MRN-10001",
      date_of_birth: "2001-04-17",
      course_start: "2024-01-08",
      course_end: "2024-06-30",
      indication: "ACNE_NODULAR",
      regimen: "STANDARD",
      outcome: "COMPLETED",
      weight_kg: "62",
      target_mg_per_kg: "",
      total_mg: "",
      period_start: "2024-01-08",
      dose_mg: "40",
      how_often: "DAILY",
      every_n: "",
    },
    row: courseRow,
  },
  labs: { label: "Lab results", permission: "labs.write", columns: labColumns, example: labExample, row: labRow },
};

export const columnNames = (kind: ImportKind) => TEMPLATES[kind].columns.map((c) => c.name);

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
