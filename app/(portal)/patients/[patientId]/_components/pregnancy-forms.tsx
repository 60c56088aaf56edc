"use client";

import { useActionState } from "react";
import { Field, fieldErrorsOf, FieldErrorText, FormMessage, SelectField, SubmitButton, submittedValue, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { CONTRACEPTION_FORM_KIND, CONTRACEPTION_FORM_KINDS, CONTRACEPTION_FORMS } from "@/lib/domain/pregnancy/contraception-methods";
import {
  CONTRACEPTION_FORM_KIND_LABELS,
  CONTRACEPTION_FORM_LABELS,
  CONTRACEPTION_METHOD_LABELS,
  DECISION_OUTCOME_CHOICES,
  PREGNANCY_CATEGORY_LABELS,
  PREGNANCY_FOLLOW_UP_LABELS,
  toOptions,
} from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import {
  changePregnancyCategoryAction,
  recordContraceptionAction,
  recordPregnancyDecisionAction,
  recordPregnancyFollowUpAction,
  voidContraceptionAction,
  voidCounselingAction,
  voidPregnancyFollowUpAction,
} from "../pregnancy-actions";
import { VoidForm } from "./void-entry-form";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A folded form of the panel, open again while it has something to say (an error, a confirmation). One that
 * leaves the page once it succeeds (a decision: its test is decided) hands its answer to the LeftAnswerHere named
 * `answerId` (pregnancy-section.tsx), which shows it where the form was and takes the focus.
 */
export function PanelForm({
  title,
  action,
  patientId,
  testId,
  children,
  submit,
  answerId,
}: {
  title: string;
  action: Action;
  patientId: string;
  testId: string;
  children: (s: ActionState) => React.ReactNode;
  submit: string;
  answerId?: string;
}) {
  const leave = useLeaveAnswer(answerId ?? "");
  const [form, leaving] = useLeavingAction(action, answerId ? leave : undefined);
  const [state, formAction] = useActionState(leaving, IDLE);
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid={testId} open={state.status === "error" || state.status === "confirm"}>
      <summary className="cursor-pointer text-sm font-semibold text-brand-700">{title}</summary>
      <form ref={form} action={formAction} className="mt-3 space-y-3" noValidate>
        <input type="hidden" name="patientId" value={patientId} />
        {children(state)}
        <ConfirmWarnings state={state} />
        <FormMessage state={state} />
        <SubmitButton>{submit}</SubmitButton>
      </form>
    </details>
  );
}

/** The list's forms under their group (primary, secondary), for the two method choices. */
const FORMS_BY_KIND = CONTRACEPTION_FORM_KINDS.map((kind) => ({ kind, forms: CONTRACEPTION_FORMS.filter((f) => CONTRACEPTION_FORM_KIND[f] === kind) }));

/** One of a record's two methods: a form chosen from the list, grouped as iPLEDGE groups them; none to start. */
function MethodSelect({ name, label, state }: { name: string; label: string; state: ActionState }) {
  const id = `cx-${name}`;
  const errors = fieldErrorsOf(state, name);
  const submitted = submittedValue(state, name);
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select
        key={submitted ?? "initial"}
        id={id}
        name={name}
        className="input"
        defaultValue={submitted ?? ""}
        aria-invalid={errors ? true : undefined}
        aria-describedby={["cx-methods-hint", errors ? `${id}-error` : null].filter(Boolean).join(" ")}
      >
        <option value="">Choose…</option>
        {FORMS_BY_KIND.map(({ kind, forms }) => (
          <optgroup key={kind} label={CONTRACEPTION_FORM_KIND_LABELS[kind]}>
            {forms.map((f) => (
              <option key={f} value={f}>
                {CONTRACEPTION_FORM_LABELS[f]}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function ContraceptionForm({ patientId, today }: { patientId: string; today: string }) {
  return (
    <PanelForm title="Record contraception" action={recordContraceptionAction} patientId={patientId} testId="form-contraception" submit="Save contraception">
      {(s) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField id="cx-method" name="method" label="Method" state={s} options={toOptions(CONTRACEPTION_METHOD_LABELS)} />
          <Field id="cx-start" name="startDate" label="In use since" type="date" state={s} defaultValue={today} />
          <MethodSelect name="firstMethod" label="First method" state={s} />
          <MethodSelect name="secondMethod" label="Second method" state={s} />
          <p id="cx-methods-hint" className="text-xs text-slate-500 sm:col-span-2">
            Two methods: choose two different ones from the list. Committed abstinence: leave both empty.
          </p>
        </div>
      )}
    </PanelForm>
  );
}

/** Documented, the test is decided and the form leaves the page: its answer stays under `answerId`, where it was. */
export function DecisionForm({ patientId, labResultId, testDate, answerId }: { patientId: string; labResultId: string; testDate: string; answerId: string }) {
  return (
    <PanelForm
      title={`Document a decision on the test of ${testDate}`}
      action={recordPregnancyDecisionAction}
      patientId={patientId}
      testId="form-decision"
      submit="Document decision"
      answerId={answerId}
    >
      {(s) => (
        <div className="grid gap-3">
          <input type="hidden" name="labResultId" value={labResultId} />
          <SelectField
            id="dc-outcome"
            name="outcome"
            label="Decision"
            state={s}
            options={[{ value: "", label: "Choose…" }, ...toOptions(DECISION_OUTCOME_CHOICES)]}
            defaultValue=""
          />
          <Field id="dc-reason" name="reason" label="Reason and action taken" state={s} />
        </div>
      )}
    </PanelForm>
  );
}

export function CategoryForm({ patientId, current }: { patientId: string; current: keyof typeof PREGNANCY_CATEGORY_LABELS }) {
  const other = current === "CAN_BECOME_PREGNANT" ? "CANNOT_BECOME_PREGNANT" : "CAN_BECOME_PREGNANT";
  return (
    <PanelForm
      title="Change the pregnancy category"
      action={changePregnancyCategoryAction}
      patientId={patientId}
      testId="form-category"
      submit="Change category"
    >
      {(s) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField id="cat-category" name="category" label="New category" state={s} options={[{ value: other, label: PREGNANCY_CATEGORY_LABELS[other] }]} />
          <Field id="cat-reason" name="reason" label="Reason (e.g. hysterectomy documented)" state={s} />
        </div>
      )}
    </PanelForm>
  );
}

/**
 * A follow-up of a confirmed pregnancy, done on a day: the form offers those still to record, none chosen to
 * start (a follow-up left unchosen is refused, never taken for one).
 */
export function FollowUpForm({
  patientId,
  decisionId,
  open,
  today,
}: {
  patientId: string;
  decisionId: string;
  open: (keyof typeof PREGNANCY_FOLLOW_UP_LABELS)[];
  today: string;
}) {
  return (
    <PanelForm title="Record a follow-up" action={recordPregnancyFollowUpAction} patientId={patientId} testId="form-follow-up" submit="Save follow-up">
      {(s) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="decisionId" value={decisionId} />
          <SelectField
            id={`fu-kind-${decisionId}`}
            name="kind"
            label="Follow-up done"
            state={s}
            options={[{ value: "", label: "Choose…" }, ...open.map((k) => ({ value: k, label: PREGNANCY_FOLLOW_UP_LABELS[k] }))]}
            defaultValue=""
          />
          <Field id={`fu-done-${decisionId}`} name="doneOn" label="Done on" type="date" state={s} defaultValue={today} />
          <div className="sm:col-span-2">
            <Field id={`fu-note-${decisionId}`} name="note" label="Note (optional)" state={s} maxLength={500} />
          </div>
        </div>
      )}
    </PanelForm>
  );
}

const VOID_ACTIONS = { contraception: voidContraceptionAction, counseling: voidCounselingAction, followUp: voidPregnancyFollowUpAction } as const;
const VOID_SUBMIT: Record<keyof typeof VOID_ACTIONS, string> = {
  contraception: "Void contraception record",
  counseling: "Void counseling record",
  followUp: "Void follow-up record",
};

/**
 * "Entered in error" on one contraception, counseling or follow-up record: a reason voids it. The record stays
 * in the history, struck through, and counts for nothing; to correct it, void it and record it again. The
 * answer stays under it (LeftAnswerHere).
 */
export function VoidPregnancyRecordForm({ kind, patientId, recordId }: { kind: keyof typeof VOID_ACTIONS; patientId: string; recordId: string }) {
  return (
    <VoidForm
      action={VOID_ACTIONS[kind]}
      entry={{ name: "recordId", id: recordId }}
      hidden={{ patientId }}
      answerId={recordId}
      submit={VOID_SUBMIT[kind]}
      testId={`void-${kind}`}
    />
  );
}
