"use client";

import { useActionState, useEffect, useRef } from "react";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import type { ActiveSearch } from "@/lib/data/saved-searches";
import { fieldErrorsOf, submittedValue } from "./form";

type SearchFormProps = {
  action: (state: ActionState, data: FormData) => Promise<ActionState>;
  name: string;
  label: string;
  /** The page's search: its term (for its own user), and why an address's search was not used. */
  search: Pick<ActiveSearch, "id" | "term" | "notice">;
  placeholder?: string;
  hint?: string;
  hideLabel?: boolean;
  className?: string;
  fieldClassName?: string;
  inputClassName?: string;
  /** Other fields before the search box (the audit trail's days and user). */
  before?: React.ReactNode;
  /** Other fields and the buttons, after it. */
  children: React.ReactNode;
};

/**
 * A list's search form (the patient list, the worklist, the audit trail). It posts what was typed to its
 * server action, which keeps it as a saved search and sends the browser to the list with the saved
 * search's id in the address, never the term (lib/data/saved-searches.ts). Enter submits; the box shows
 * the term back from the saved search. A search that cannot be used is answered on the field, with what
 * was typed kept. Each saved search gets a fresh form, which starts from its own term.
 */
export function SearchForm(props: SearchFormProps) {
  return <SearchFormFor key={props.search.id ?? "none"} {...props} />;
}

function SearchFormFor({
  action,
  name,
  label,
  search: { term, notice },
  placeholder,
  hint,
  hideLabel = false,
  className,
  fieldClassName,
  inputClassName = "input",
  before,
  children,
}: SearchFormProps) {
  const [state, formAction] = useActionState(action, IDLE);
  const input = useRef<HTMLInputElement>(null);
  const id = `search-${name}`;
  const errors = fieldErrorsOf(state, name);
  // Another field's problem (only a hand-made request gets one: the fields offer valid values), or the action's refusal.
  const other = state.status === "error" && !errors ? (Object.values(state.fieldErrors ?? {})[0]?.[0] ?? state.message) : null;
  useEffect(() => {
    if (fieldErrorsOf(state, name)) input.current?.focus();
  }, [state, name]);
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      {notice ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="search-notice">
          {notice}
        </p>
      ) : null}
      <form role="search" className={className} action={formAction}>
        {before}
        <div className={fieldClassName}>
          <label htmlFor={id} className={hideLabel ? "sr-only" : "label"}>
            {label}
          </label>
          <input
            ref={input}
            id={id}
            name={name}
            type="search"
            // Search terms are patient data: not kept in the browser's form history either.
            autoComplete="off"
            defaultValue={submittedValue(state, name) ?? term}
            className={inputClassName}
            placeholder={placeholder}
            aria-invalid={errors ? true : undefined}
            aria-describedby={describedBy}
          />
          {hint ? (
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
              {hint}
            </p>
          ) : null}
          {errors ? (
            <p id={`${id}-error`} className="field-error" data-testid="search-problem">
              {errors[0]}
            </p>
          ) : null}
        </div>
        {children}
        {other ? (
          <p role="alert" className="w-full rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="search-problem">
            {other}
          </p>
        ) : null}
      </form>
    </>
  );
}
