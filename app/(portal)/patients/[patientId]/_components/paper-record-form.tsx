"use client";

import { Field } from "@/components/form";
import { correctPaperCourseAction } from "../record-correction-actions";
import { CourseForm, Panel } from "./course-forms";

/**
 * "Correct paper record" on a course entered from paper records: its dates, the weight used and, for a
 * course entered as its total, the total, filled with the figures on record. The figures it replaces stay in
 * the course's history, struck through; dose periods are corrected with "Correct a dose entry".
 */
export function PaperRecordForm({
  course,
}: {
  course: { id: string; version: number; startDate: string; endDate: string; startWeightGrams: number; recordedTotalMg: number | null };
}) {
  const id = (field: string) => `paper-${field}-${course.id}`;
  return (
    <Panel title="Correct paper record" testId="panel-paper-record">
      <CourseForm action={correctPaperCourseAction} course={course} submit="Save correction">
        {(state) => (
          <>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field name="startDate" id={id("startDate")} label="First day" type="date" state={state} defaultValue={course.startDate} />
              <Field name="endDate" id={id("endDate")} label="Last day" type="date" state={state} defaultValue={course.endDate} />
              <Field
                name="weightKg"
                id={id("weightKg")}
                label="Weight used (kg)"
                inputMode="decimal"
                state={state}
                defaultValue={String(course.startWeightGrams / 1000)}
              />
              {course.recordedTotalMg !== null ? (
                <Field
                  name="totalMg"
                  id={id("totalMg")}
                  label="Course total (mg)"
                  inputMode="numeric"
                  state={state}
                  defaultValue={String(course.recordedTotalMg)}
                />
              ) : null}
            </div>
            <Field name="reason" id={id("reason")} label="Reason" required minLength={3} maxLength={500} state={state} />
          </>
        )}
      </CourseForm>
    </Panel>
  );
}
