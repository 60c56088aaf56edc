"use client";

import { useActionState, useState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { Field, FormMessage, SelectField, SubmitButton, submittedValue, useLeavingAction } from "@/components/form";
import { LazyDetails } from "@/components/lazy-details";
import { useLeaveAnswer } from "@/components/left-answer";
import { PregnancyRefusal } from "@/components/pregnancy-fields";
import { ConfirmWarnings, ScheduleFields, type ScheduleDefaults } from "@/components/schedule-fields";
import { formatDate } from "@/lib/format";
import { COURSE_TRANSITION_CHOICES, toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { changeDoseAction, recordMissedDoseAction, transitionCourseAction } from "../courses/actions";
import { changeDoseAnchor, courseStatusAnchor } from "./course-anchors";
import { useSavedAnswer } from "./saved-answer";
import type { ConfirmationOffer } from "@/components/contraception-confirmation";
import { PrescriptionForm, type LatestPrescription } from "./prescription-form";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

interface CourseRef {
  id: string;
  version: number;
  status: string;
}

/** A course form behind its summary; the form is rendered when first opened and kept (with its answer) from then on. */
export function Panel({ title, children, testId, id }: { title: string; children: React.ReactNode; testId: string; id?: string }) {
  return (
    <LazyDetails
      id={id}
      className="rounded-md border border-slate-200 bg-slate-50 p-3"
      testId={testId}
      formOnly
      summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
      summary={title}
      bodyClassName="mt-3"
    >
      {children}
    </LazyDetails>
  );
}

/**
 * A form on one course at the version shown: the course's id and version as hidden fields, the action's
 * refusals, warnings to confirm and message, and its submit button. A form that leaves the page when it
 * succeeds (`leaves`, from what was sent: the course is ended) hands its answer to the course's LeftAnswerHere,
 * which shows it at the course and takes the focus (treatment-section.tsx). A routine "saved" answer tells what
 * was just done: it goes once the form is changed again or another form on the page is sent (useSavedAnswer), so
 * "Dose change saved." never stands under a form that holds something else, or beside a later answer.
 */
export function CourseForm({
  action,
  course,
  children,
  submit,
  onSubmit,
  leaves,
}: {
  action: Action;
  course: { id: string; version: number };
  children: (state: ActionState) => React.ReactNode;
  submit: string;
  onSubmit?: React.FormEventHandler<HTMLFormElement>;
  leaves?: (sent: FormData) => boolean;
}) {
  const leave = useLeaveAnswer(course.id);
  const [form, leaving] = useLeavingAction(action, leaves ? leave : undefined, leaves);
  const [state, formAction] = useActionState(leaving, IDLE);
  const [shown, outdate] = useSavedAnswer(state, form);
  return (
    <form ref={form} action={formAction} className="space-y-3" noValidate onSubmit={onSubmit} onInput={outdate}>
      <input type="hidden" name="courseId" value={course.id} />
      <input type="hidden" name="version" value={course.version} />
      {children(state)}
      <PregnancyRefusal state={state} />
      <ConfirmWarnings state={state} />
      <FormMessage state={shown} />
      <SubmitButton>{submit}</SubmitButton>
    </form>
  );
}

/** An entry a correction may name: its date, its text and its regimen, which the form's fields take when it is picked. */
type DoseVersion = { id: string; date: string; text: string; schedule: ScheduleDefaults };
interface DoseFormProps {
  course: CourseRef;
  today: string;
  current: ScheduleDefaults | null;
  doseVersions: DoseVersion[];
  correctOnly?: boolean;
}

/** A dose change from its date, or (correctOnly, on an ended course) the correction of one version. */
function DoseForm(props: DoseFormProps) {
  return (
    <CourseForm action={changeDoseAction} course={props.course} submit={props.correctOnly ? "Save correction" : "Save dose change"}>
      {(state) => <DoseFields state={state} {...props} />}
    </CourseForm>
  );
}

/**
 * The entry picked to correct fills the date and the schedule with its own (dated on another entry's day, a
 * correction would replace that one too); a new dose defaults to today and the current regimen. A pick made
 * since the form's last answer wins over the values that answer echoed; the fields are remounted to show it.
 */
function DoseFields({ state, course, today, current, doseVersions, correctOnly = false }: DoseFormProps & { state: ActionState }) {
  const initial = correctOnly ? (doseVersions[0]?.id ?? "") : "";
  const [pick, setPick] = useState({ id: initial, answer: state, n: 0 });
  const picked = pick.answer === state;
  const entry = doseVersions.find((d) => d.id === (picked ? pick.id : (submittedValue(state, "supersedesId") ?? initial)));
  const shown = picked ? IDLE : state;
  const key = picked ? `pick-${pick.n}` : "answer";
  const corrections = doseVersions.map((d) => ({ value: d.id, label: `Correct ${formatDate(d.date)}: ${d.text}` }));
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          key={key}
          id={`dc-date-${course.id}`}
          name="effectiveFrom"
          label="Effective from"
          type="date"
          state={shown}
          defaultValue={entry?.date ?? today}
        />
        <Field id={`dc-reason-${course.id}`} name="reason" label="Reason" state={state} />
        <SelectField
          id={`dc-supersedes-${course.id}`}
          name="supersedesId"
          label={correctOnly ? "Entry to correct" : "Corrects an earlier entry?"}
          state={state}
          options={correctOnly ? corrections : [{ value: "", label: "No: a new dose from this date" }, ...corrections]}
          defaultValue={initial}
          onChange={(e) => setPick({ id: e.target.value, answer: state, n: pick.n + 1 })}
        />
      </div>
      <ScheduleFields key={key} state={shown} idPrefix={`dc-${course.id}`} defaults={entry?.schedule ?? current ?? undefined} />
    </>
  );
}

/** A completion or a stop: the course is ended (on a day ahead, too), and its status form leaves the page. */
const ends = (sent: FormData) => ["COMPLETE", "STOP"].includes(String(sent.get("transition")));

export function CourseActionForms({
  course,
  today,
  current,
  latestPrescription,
  doseVersions,
  contraception,
}: Omit<DoseFormProps, "correctOnly"> & { latestPrescription: LatestPrescription | null; contraception: ConfirmationOffer | null }) {
  const ended = course.status === "COMPLETED" || course.status === "STOPPED";
  // An ended course's regimen does not change; its versions are corrected (a new version superseding one).
  if (ended)
    return doseVersions.length ? (
      <Panel title="Correct a dose entry" testId="panel-correct-dose">
        <DoseForm course={course} today={today} current={current} doseVersions={doseVersions} correctOnly />
      </Panel>
    ) : null;
  return (
    <div className="grid gap-2">
      <Panel title="Change the dose" testId="panel-change-dose" id={changeDoseAnchor(course.id)}>
        <DoseForm course={course} today={today} current={current} doseVersions={doseVersions} />
      </Panel>
      {course.status === "ACTIVE" ? (
        <Panel title="Write a prescription" testId="panel-prescription">
          <PrescriptionForm course={course} today={today} current={current} latestPrescription={latestPrescription} contraception={contraception} />
        </Panel>
      ) : null}
      <Panel title="Pause, resume, complete or stop" testId="panel-status" id={courseStatusAnchor(course.id)}>
        <CourseForm
          action={transitionCourseAction}
          course={course}
          submit="Update course"
          onSubmit={confirmSubmit(
            "End this course? No dose is counted after its last day. A course ended by mistake can be reopened by a dermatologist, with a reason.",
            ends,
          )}
          leaves={ends}
        >
          {(state) => (
            <div className="grid gap-3 sm:grid-cols-3">
              <SelectField
                id={`st-transition-${course.id}`}
                name="transition"
                label="Action"
                state={state}
                options={toOptions(COURSE_TRANSITION_CHOICES[course.status === "PAUSED" ? "PAUSED" : "ACTIVE"])}
              />
              <Field
                id={`st-date-${course.id}`}
                name="date"
                label="Date"
                type="date"
                state={state}
                defaultValue={today}
                hint="Pause: first day off. Resume: first day back. Complete/stop: last day taken."
              />
              <Field id={`st-reason-${course.id}`} name="reason" label="Reason" state={state} />
            </div>
          )}
        </CourseForm>
      </Panel>
      <Panel title="Record a missed dose" testId="panel-missed">
        <CourseForm action={recordMissedDoseAction} course={course} submit="Record missed dose">
          {(state) => (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field
                id={`md-date-${course.id}`}
                name="date"
                label="Day missed"
                type="date"
                max={today}
                state={state}
                defaultValue={today}
                hint="A day the regimen schedules a dose (not an off day or a paused day)."
              />
              <Field id={`md-note-${course.id}`} name="note" label="Note (optional)" state={state} />
            </div>
          )}
        </CourseForm>
      </Panel>
    </div>
  );
}
