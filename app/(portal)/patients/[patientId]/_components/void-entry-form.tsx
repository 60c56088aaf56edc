"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { LazyDetails } from "@/components/lazy-details";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import type { CourseEntryKind } from "@/lib/validation/record-corrections";
import { reopenCourseAction, voidCourseEntryAction, voidOutreachNoteAction, voidWaiverAction } from "../record-correction-actions";
import { CourseForm, Panel } from "./course-forms";

/**
 * "Entered in error" on one course entry: a reason voids it. The entry stays in the history, struck
 * through; to correct it, void it and enter it again (a dose version is corrected with "Change the dose").
 * A dose version's void that leaves a dose above a dose limit in force is asked to be confirmed first.
 */
export function VoidEntryForm({ kind, entryId }: { kind: CourseEntryKind; entryId: string }) {
  const [state, action] = useActionState(voidCourseEntryAction, IDLE);
  return (
    <LazyDetails formOnly className="mt-1 text-xs" testId="void-entry" summaryClassName="cursor-pointer text-brand-700" summary="Entered in error">
      <form action={action} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="entryId" value={entryId} />
        <Field name="reason" id={`void-reason-${entryId}`} label="Reason" required minLength={3} maxLength={500} state={state} />
        <ConfirmWarnings state={state} />
        <SubmitButton>Void entry</SubmitButton>
        <FormMessage state={state} />
      </form>
    </LazyDetails>
  );
}

/** A note-only "entered in error" form: a hidden id, a reason, a button. */
function VoidByIdForm({
  action,
  idName,
  id,
  summary,
  submit,
  testId,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  idName: string;
  id: string;
  summary: string;
  submit: string;
  testId: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <LazyDetails formOnly className="mt-1 text-xs" testId={testId} summaryClassName="cursor-pointer text-brand-700" summary={summary}>
      <form action={formAction} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name={idName} value={id} />
        <Field name="reason" id={`${testId}-reason-${id}`} label="Reason" required minLength={3} maxLength={500} state={state} />
        <SubmitButton>{submit}</SubmitButton>
        <FormMessage state={state} />
      </form>
    </LazyDetails>
  );
}

/** A waiver entered in error: voided with a reason, the item it skipped is open again. */
export function VoidWaiverForm({ waiverId }: { waiverId: string }) {
  return <VoidByIdForm action={voidWaiverAction} idName="waiverId" id={waiverId} summary="Waiver entered in error" submit="Void waiver" testId="void-waiver" />;
}

/** An outreach note entered in error (the wrong patient or item): voided with a reason, kept in the record. */
export function VoidOutreachNoteForm({ noteId }: { noteId: string }) {
  return <VoidByIdForm action={voidOutreachNoteAction} idName="noteId" id={noteId} summary="Note entered in error" submit="Void note" testId="void-note" />;
}

/** A completed or stopped course reopened by a dermatologist, with a reason; the ending stays in the history. */
export function ReopenCourseForm({ course }: { course: { id: string; version: number } }) {
  return (
    <Panel title="Reopen this course" testId="panel-reopen">
      <CourseForm action={reopenCourseAction} course={course} submit="Reopen course">
        {(state) => <Field name="reason" id={`reopen-reason-${course.id}`} label="Reason" required minLength={3} maxLength={500} state={state} />}
      </CourseForm>
    </Panel>
  );
}
