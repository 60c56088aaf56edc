import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { overlappingCourses, type CourseSpan } from "@/lib/domain/dosing/course-overlap";
import { formatDate } from "@/lib/format";
import type { CellProblem } from "@/lib/import/csv-file";
import { COURSE_COLUMNS, type CourseRow } from "@/lib/import/templates";
import { NO_SUCH_PATIENT, registeredPatients } from "./import-match";
import { PAPER_PERIOD_SLOTS, paperCourseSchema, type PaperCourseInput } from "@/lib/validation/paper-course";

/**
 * Past courses from a spreadsheet: the rows of one course (one MRN and start date) become the paper-history
 * form's input and pass its schema, so a course imported and a course typed in are held to the same rules.
 * Courses never overlap, neither one already recorded nor another in the file. A paper course with the
 * row's dates is the row already recorded; so is one whose figures were corrected since (correct-paper-
 * course.ts) when the figures it replaced, kept in paper_record_versions, have the row's dates: importing
 * the migration file again leaves it as it is, with a note, instead of finding it overlaps itself.
 */
export interface CoursePlan {
  row: number;
  patientId: string;
  mrn: string;
  input: PaperCourseInput;
}

/** The form's fields as the template's columns: a form problem is shown on the cell it came from. */
const FORM_COLUMN: Record<string, string> = {
  indication: "indication",
  regimenIntent: "regimen",
  startDate: "course_start",
  endDate: "course_end",
  outcome: "outcome",
  targetMgPerKg: "target_mg_per_kg",
  weightKg: "weight_kg",
  totalMg: "total_mg",
};
const PERIOD_COLUMN: Record<string, string> = { From: "period_start", Mg: "dose_mg", Pattern: "how_often", N: "every_n" };
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";
const spanText = (c: CourseSpan) => `${formatDate(c.startDate)} to ${c.endDate ? formatDate(c.endDate) : "in progress"}`;

export async function planCourses(
  tx: Tx,
  rows: { row: number; value: CourseRow }[],
  today: string,
  problems: CellProblem[],
  notes: CellProblem[],
  shown: Set<string>,
): Promise<{ steps: CoursePlan[]; present: number }> {
  const groups = new Map<string, { row: number; value: CourseRow }[]>();
  for (const r of rows) {
    const key = `${r.value.mrn.toLowerCase()}|${r.value.courseStart}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const { patients, match } = await registeredPatients(
    tx,
    rows.map((r) => r.value),
    shown,
  );
  const patientIds = patients.map((p) => p.id);
  const [existing, replaced] = await Promise.all([
    tx.course.findMany({ where: { patientId: { in: patientIds } }, select: { id: true, patientId: true, startDate: true, endDate: true, paperRecord: true } }),
    tx.paperRecordVersion.findMany({
      where: { course: { patientId: { in: patientIds }, paperRecord: true } },
      select: { courseId: true, startDate: true, endDate: true },
    }),
  ]);
  // The dates each paper course was recorded with before a correction: "courseId|start|end".
  const earlierDates = new Set(replaced.map((v) => `${v.courseId}|${isoFromDb(v.startDate)}|${isoFromDb(v.endDate)}`));
  const spans = new Map<string, (CourseSpan & { paper: boolean; fromFile: boolean })[]>();
  for (const c of existing)
    spans.set(c.patientId, [
      ...(spans.get(c.patientId) ?? []),
      { id: c.id, startDate: isoFromDb(c.startDate), endDate: c.endDate ? isoFromDb(c.endDate) : null, paper: c.paperRecord, fromFile: false },
    ]);

  const steps: CoursePlan[] = [];
  let present = 0;
  for (const group of groups.values()) {
    const first = group[0]!;
    const problem = (row: number, column: string, message: string) => problems.push({ row, column, message });
    const patient = match(first.value);
    if (!patient) {
      problem(first.row, "mrn", NO_SUCH_PATIENT);
      continue;
    }
    const differing = COURSE_COLUMNS.filter((c) => group.some((r) => (r.value.cells[c] ?? "").trim() !== (first.value.cells[c] ?? "").trim()));
    if (differing.length) {
      for (const c of differing)
        problem(
          group.find((r) => (r.value.cells[c] ?? "").trim() !== (first.value.cells[c] ?? "").trim())!.row,
          c,
          `Differs from row ${first.row} of the same course.`,
        );
      continue;
    }
    const periods = group.filter((r) => (r.value.cells.period_start ?? "").trim() || (r.value.cells.dose_mg ?? "").trim());
    if (periods.length > PAPER_PERIOD_SLOTS.length) {
      problem(
        periods[PAPER_PERIOD_SLOTS.length]!.row,
        "period_start",
        `At most ${PAPER_PERIOD_SLOTS.length} dose periods per course; enter the course's total instead.`,
      );
      continue;
    }
    const sorted = [...periods].sort((a, b) => (a.value.cells.period_start ?? "").localeCompare(b.value.cells.period_start ?? ""));
    const v = first.value.cells;
    const form: Record<string, string> = {
      patientId: PLACEHOLDER_ID,
      indication: v.indication ?? "",
      regimenIntent: v.regimen ?? "",
      startDate: first.value.courseStart,
      endDate: v.course_end ?? "",
      outcome: v.outcome ?? "",
      targetMgPerKg: v.target_mg_per_kg ?? "",
      weightKg: v.weight_kg ?? "",
      totalMg: v.total_mg ?? "",
    };
    sorted.forEach((p, i) => {
      form[`period${i + 1}From`] = p.value.cells.period_start ?? "";
      form[`period${i + 1}Mg`] = p.value.cells.dose_mg ?? "";
      form[`period${i + 1}Pattern`] = (p.value.cells.how_often ?? "").trim().toUpperCase() || "DAILY";
      form[`period${i + 1}N`] = p.value.cells.every_n ?? "";
    });
    const parsed = paperCourseSchema.safeParse(form);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        const period = /^period(\d)(From|Mg|Pattern|N)$/.exec(field);
        const [row, column] = period
          ? [sorted[Number(period[1]) - 1]?.row ?? first.row, PERIOD_COLUMN[period[2]!]!]
          : [first.row, FORM_COLUMN[field] ?? "course_start"];
        if (!seen.has(`${row}|${column}`)) problem(row, column, issue.message);
        seen.add(`${row}|${column}`);
      }
      continue;
    }
    const input = { ...parsed.data, patientId: patient.id };
    if (input.endDate > today) {
      problem(first.row, "course_end", "A course from paper records has ended: its last day cannot be in the future.");
      continue;
    }
    const known = spans.get(patient.id) ?? [];
    if (known.some((c) => !c.fromFile && c.paper && c.startDate === input.startDate && c.endDate === input.endDate)) {
      present += 1;
      continue;
    }
    const corrected = known.find((c) => !c.fromFile && c.paper && earlierDates.has(`${c.id}|${input.startDate}|${input.endDate}`));
    if (corrected) {
      present += 1;
      const column = corrected.startDate !== input.startDate ? "course_start" : "course_end";
      notes.push({ row: first.row, column, message: `Already recorded, since corrected on the patient's page (now ${spanText(corrected)}): left as it is.` });
      continue;
    }
    const clash = overlappingCourses({ id: "", startDate: input.startDate, endDate: input.endDate }, known);
    if (clash.length) {
      const c = known.find((k) => k.id === clash[0]!.id)!;
      const where = c.fromFile ? "another course in this file" : "a course already recorded";
      problem(first.row, "course_start", `Overlaps ${where} (${spanText(c)}): courses of one patient never share a day.`);
      continue;
    }
    spans.set(patient.id, [...known, { id: `row-${first.row}`, startDate: input.startDate, endDate: input.endDate, paper: true, fromFile: true }]);
    steps.push({ row: first.row, patientId: patient.id, mrn: patient.mrn, input });
  }
  return { steps, present };
}
