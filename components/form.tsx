"use client";

import { useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * useActionState for a form repeated on every row of a list (the dashboard's reviews, the worklist's
 * reminders). The form's action is a plain function, so the server renders it without the hidden fields
 * React adds to a server action's form for submission without JavaScript: on a list of 25 rows those cost
 * about 4 ms of the server's CPU per page (README, "Performance"). A submit before the page is interactive
 * is replayed by React once it is.
 */
export function useRowFormAction(action: (state: ActionState, data: FormData) => Promise<ActionState>, initial: ActionState) {
  const [state, dispatch] = useActionState(action, initial);
  return [state, (data: FormData) => dispatch(data)] as const;
}

export function fieldErrorsOf(state: ActionState, name: string): string[] | undefined {
  return state.status === "error" ? state.fieldErrors?.[name] : undefined;
}

/** What the user last submitted for this field, when the action refused it. */
export function submittedValue(state: ActionState, name: string): string | undefined {
  return state.status === "error" || state.status === "confirm" ? state.values?.[name] : undefined;
}

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  state: ActionState;
  hint?: string;
}

/** One message per field: the first problem found, the one to fix first. */
export function FieldErrorText({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="field-error">
      {errors[0]}
    </p>
  ) : null;
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function Field({ name, label, state, hint, id, defaultValue, ...rest }: FieldProps) {
  const inputId = id ?? `f-${name}`;
  const errors = fieldErrorsOf(state, name);
  const describedBy = [hint ? `${inputId}-hint` : null, errors ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={inputId} className="label">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        className="input"
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy}
        defaultValue={rest.type === "password" ? undefined : (submittedValue(state, name) ?? defaultValue)}
        {...rest}
      />
      {hint ? (
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldErrorText id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

interface SelectProps extends React.SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  state: ActionState;
  options: readonly { value: string; label: string }[];
}

export function SelectField({ name, label, state, options, id, defaultValue, ...rest }: SelectProps) {
  const inputId = id ?? `f-${name}`;
  const errors = fieldErrorsOf(state, name);
  return (
    <div>
      <label htmlFor={inputId} className="label">
        {label}
      </label>
      <select
        key={submittedValue(state, name) ?? "initial"}
        id={inputId}
        name={name}
        className="input"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${inputId}-error` : undefined}
        defaultValue={submittedValue(state, name) ?? defaultValue}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrorText id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

/** A file input with its label and its first error (the import pages). */
export function FileField({ name, label, accept, state }: { name: string; label: string; accept: string; state: ActionState }) {
  const errors = fieldErrorsOf(state, name);
  return (
    <div>
      <label htmlFor={name} className="label">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type="file"
        accept={accept}
        className="input"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${name}-error` : undefined}
      />
      {errors ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form's submit button, "Saving…" while it is sent. `label`, for a button repeated on every row of a list whose
 * text alone does not tell it from the others', is its accessible name: its text, then what it is about
 * ("Dismiss Triglyceride, specimen 3 Jan 2027").
 */
export function SubmitButton({ children, className = "btn-primary", label }: { children: React.ReactNode; className?: string; label?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} aria-disabled={pending} disabled={pending} aria-label={pending ? undefined : label}>
      {pending ? "Saving…" : children}
    </button>
  );
}

/** Whether focus fell to the page (the focused control was disabled or left the page), so an answer may take it. */
export const focusDropped = (): boolean => document.activeElement === document.body || document.activeElement === null;

/**
 * For a form that leaves the page with its answer (a row's review or correction, an entry's void), whose answer is shown where
 * it was: focus still inside it falls to the page, for that answer to take (focusDropped). Sent with its button,
 * focus has fallen already (the button is disabled while saving); sent with Enter, it is still in the field,
 * which stays enabled, and would fall only once the form has gone, after the answer looked for it.
 */
export function releaseFocus(form: HTMLFormElement | null): void {
  const active = document.activeElement;
  if (form && active instanceof HTMLElement && form.contains(active)) active.blur();
}

type FormAction = (state: ActionState, data: FormData) => Promise<ActionState>;

/**
 * For such a form: its ref, and `action` for it to send, which once it succeeds releases the focus inside the
 * form (releaseFocus) and hands the answer to `onLeave`, for what stays on the page to show it and take the
 * focus (components/left-answer.tsx). Without `onLeave` (nowhere else to show it), the form's own message
 * keeps the answer, as any form's does. `leaves` tells from what was sent whether a success takes the form
 * away (a course's status form goes once the course is ended, not once it is paused); one that does not keeps
 * its answer in its own message.
 */
export function useLeavingAction(action: FormAction, onLeave?: (answer: ActionState) => void, leaves: (sent: FormData) => boolean = () => true) {
  const form = useRef<HTMLFormElement>(null);
  const leaving: FormAction = async (prev, data) => {
    const answer = await action(prev, data);
    if (answer.status === "ok" && onLeave && leaves(data)) {
      releaseFocus(form.current);
      onLeave(answer);
    }
    return answer;
  };
  return [form, leaving] as const;
}

/**
 * The form's overall outcome, in a polite live region. When a submission is refused, focus moves to the
 * first field in error, or to this message when no field is to blame (a conflict, a refusal), so a
 * keyboard or screen-reader user lands where the fix is; when it is saved and focus was lost (the
 * button disabled while saving), to this message. When the answer asks for a confirmation, focus moves to
 * the form's first question (marked `data-confirm-focus`: a warning to confirm, a weight to replace), which
 * is read out, and the next Tab reaches its checkbox or button: nothing was saved yet.
 */
export function FormMessage({
  state,
  reserve = true,
}: {
  state: ActionState;
  /** Keep a line's height while there is no message (false: none, for rows of a list). */ reserve?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    if (state.status === "confirm") {
      ref.current.closest("form")?.querySelector<HTMLElement>("[data-confirm-focus]")?.focus();
      return;
    }
    if (state.status === "ok") {
      // The submit button was disabled while saving, which drops focus to the page: it goes to the outcome.
      if (focusDropped()) ref.current.querySelector<HTMLElement>("[data-testid=form-ok]")?.focus();
      return;
    }
    if (state.status !== "error") return;
    const invalid = ref.current.closest("form")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? ref.current.querySelector<HTMLElement>("[data-testid=form-error]"))?.focus();
  }, [state]);
  return (
    <div aria-live="polite" className={reserve ? "min-h-6" : undefined} ref={ref}>
      {state.status === "error" ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="form-error" tabIndex={-1}>
          {state.message}
        </p>
      ) : state.status === "ok" && state.tone === "alert" ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-semibold text-red-900" data-testid="form-ok" tabIndex={-1}>
          {state.message}
        </p>
      ) : state.status === "ok" ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="form-ok" tabIndex={-1}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
