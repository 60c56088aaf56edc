"use client";

import { useState } from "react";
import { fieldErrorsOf, submittedValue } from "@/components/form";
import { contraceptionInUseOn } from "@/lib/domain/pregnancy/contraception-confirmation";
import { formatDate } from "@/lib/format";
import type { ActionState } from "@/lib/validation/action-result";

/** A live contraception record of the patient, as a counseling form offers it for confirmation. */
export interface ConfirmableContraception {
  id: string;
  methods: string;
  startDate: string;
  endDate: string | null;
}

/**
 * The day a form's date field shows, for the contraception to confirm on it: what was typed since the form's
 * last answer, else what the answer put back in the field (React resets a form once its action answers: the
 * submitted value after a refusal, the field's default after a save). `onChangeFor(state)` is the field's
 * onChange.
 */
export function useFormDay(name: string, defaultDay: string) {
  const [typed, setTyped] = useState<{ state: ActionState; day: string } | null>(null);
  return {
    dayFor: (state: ActionState) => (typed?.state === state ? typed.day : (submittedValue(state, name) ?? defaultDay)),
    onChangeFor: (state: ActionState) => (e: React.ChangeEvent<HTMLInputElement>) => setTyped({ state, day: e.target.value }),
  };
}

/**
 * The contraception in use on the counseling day, in words, with the box the prescriber ticks once it is
 * confirmed with the patient (lib/domain/pregnancy/contraception-confirmation.ts). The box's value is the
 * record's id: the server checks it is the patient's, not voided, and in use on that day. With no record in
 * use that day there is nothing to confirm: the form says to record the contraception first.
 */
export function ContraceptionConfirmation({
  records,
  day,
  idPrefix,
  state,
}: {
  records: readonly ConfirmableContraception[];
  day: string;
  idPrefix: string;
  state: ActionState;
}) {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const inUse = valid ? contraceptionInUseOn(records, day) : null;
  const errors = fieldErrorsOf(state, "confirmedContraceptionId");
  const id = `${idPrefix}-contraception-confirmed`;
  const wasTicked = submittedValue(state, "confirmedContraceptionId") === inUse?.id;
  return (
    <div className="sm:col-span-2" data-testid="contraception-confirmation">
      {inUse ? (
        <>
          <p className="text-sm" id={`${id}-what`}>
            Contraception in use on {formatDate(day)}: <span className="font-semibold">{inUse.methods}</span>, since {formatDate(inUse.startDate)}
            {inUse.endDate ? ` (to ${formatDate(inUse.endDate)})` : ""}.
          </p>
          <label className="mt-1 flex items-start gap-2 text-sm" htmlFor={id}>
            <input
              key={`${inUse.id}-${wasTicked}`}
              id={id}
              type="checkbox"
              name="confirmedContraceptionId"
              value={inUse.id}
              className="mt-1"
              defaultChecked={wasTicked}
              aria-describedby={[`${id}-what`, errors ? `${id}-error` : null].filter(Boolean).join(" ")}
              aria-invalid={errors ? true : undefined}
            />
            <span>Contraception confirmed with the patient</span>
          </label>
        </>
      ) : valid ? (
        <p className="text-sm text-slate-700">
          No contraception in use on {formatDate(day)} is documented: record the contraception in use first to confirm it with the patient.
        </p>
      ) : (
        <p className="text-sm text-slate-700">Enter the day to see the contraception in use then.</p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}
