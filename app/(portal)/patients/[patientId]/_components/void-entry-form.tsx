"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import { LazyDetails } from "@/components/lazy-details";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import type { CourseEntryKind } from "@/lib/validation/record-corrections";
import { reopenCourseAction, voidCourseEntryAction, voidOutreachNoteAction, voidWaiverAction } from "../record-correction-actions";
import { CourseForm, Panel } from "./course-forms";

/**
 * "Entered in error" on one entry: hidden fields naming it, a reason, a button. The entry stays in the history,
 * struck through, and its form leaves the page with it: in a LeftAnswers list, the answer stays under
 * `answerId` (the entry, or the item it was about), with the focus. Warnings to confirm are asked on the form.
 */
export function VoidForm({
  action,
  entry,
  hidden = {},
  answerId,
  summary = "Entered in error",
  submit,
  testId,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  /** The entry's id, and the name of the field it is sent in. */
  entry: { name: string; id: string };
  /** Other fields the action needs (the entry's kind, its patient). */
  hidden?: Record<string, string>;
  answerId: string;
  summary?: string;
  submit: string;
  testId: string;
}) {
  const [form, leaving] = useLeavingAction(action, useLeaveAnswer(answerId));
  const [state, formAction] = useActionState(leaving, IDLE);
  return (
    <LazyDetails formOnly className="mt-1 text-xs" testId={testId} summaryClassName="cursor-pointer text-brand-700" summary={summary}>
      <form ref={form} action={formAction} className="mt-2 space-y-2" noValidate>
        {Object.entries({ ...hidden, [entry.name]: entry.id }).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Field name="reason" id={`${testId}-reason-${entry.id}`} label="Reason" required minLength={3} maxLength={500} state={state} />
        <ConfirmWarnings state={state} />
        <SubmitButton>{submit}</SubmitButton>
        <FormMessage state={state} />
      </form>
    </LazyDetails>
  );
}

/**
 * A course entry entered in error, voided with a reason; to correct it, void it and enter it again (a dose
 * version is corrected with "Change the dose"). A dose version's void that leaves a dose above a dose limit in
 * force is asked to be confirmed first.
 */
export function VoidEntryForm({ kind, entryId }: { kind: CourseEntryKind; entryId: string }) {
  return (
    <VoidForm
      action={voidCourseEntryAction}
      entry={{ name: "entryId", id: entryId }}
      hidden={{ kind }}
      answerId={entryId}
      submit="Void entry"
      testId="void-entry"
    />
  );
}

const MONITORING_VOIDS = {
  waiver: { action: voidWaiverAction, idName: "waiverId", summary: "Waiver entered in error", submit: "Void waiver", testId: "void-waiver" },
  note: { action: voidOutreachNoteAction, idName: "noteId", summary: "Note entered in error", submit: "Void note", testId: "void-note" },
} as const;

/**
 * A waiver entered in error (the item it skipped is open again), or an outreach note (the wrong patient or item):
 * voided with a reason, kept in the record. The answer stays under the item, `itemKey`, wherever it is listed next.
 */
export function VoidMonitoringEntryForm({ kind, id, itemKey }: { kind: keyof typeof MONITORING_VOIDS; id: string; itemKey: string }) {
  const { idName, ...form } = MONITORING_VOIDS[kind];
  return <VoidForm {...form} entry={{ name: idName, id }} answerId={itemKey} />;
}

/** A completed or stopped course reopened by a dermatologist, with a reason; the ending stays in the history. */
export function ReopenCourseForm({ course }: { course: { id: string; version: number } }) {
  return (
    <Panel title="Reopen this course" testId="panel-reopen">
      {/* Reopened, the course has no reopen form: its answer stays at the course (LeftAnswerHere). */}
      <CourseForm action={reopenCourseAction} course={course} submit="Reopen course" leaves={() => true}>
        {(state) => <Field name="reason" id={`reopen-reason-${course.id}`} label="Reason" required minLength={3} maxLength={500} state={state} />}
      </CourseForm>
    </Panel>
  );
}
