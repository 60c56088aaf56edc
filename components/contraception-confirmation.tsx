"use client";

import { useState } from "react";
import { fieldErrorsOf, FieldErrorText, submittedValue } from "@/components/form";
import { confirmationAsked, contraceptionInUseOn, type ConfirmationOffer } from "@/lib/domain/pregnancy/contraception-confirmation";
import { formatDate } from "@/lib/format";
import type { ActionState } from "@/lib/validation/action-result";

export type { ConfirmationOffer } from "@/lib/domain/pregnancy/contraception-confirmation";

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
 * use that day there is nothing to confirm: the form says to record the contraception first. Asked by the
 * category of the form's day (confirmationAsked: a prescription's as its check asks, a counseling's by the
 * category on its day); when that day asks for none where today would, the form says why the box is gone.
 */
export function ContraceptionConfirmation({
  offer,
  form,
  day,
  today,
  idPrefix,
  state,
}: {
  offer: ConfirmationOffer;
  form: "PRESCRIPTION" | "COUNSELING";
  day: string;
  today: string;
  idPrefix: string;
  state: ActionState;
}) {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const askedToday = confirmationAsked(offer, form, today, today);
  if (valid && !confirmationAsked(offer, form, day, today)) {
    return askedToday ? (
      <p className="text-sm text-slate-700 sm:col-span-2" data-testid="contraception-confirmation">
        No contraception confirmation is asked for {formatDate(day)}: the patient could not become pregnant then.
      </p>
    ) : null;
  }
  if (!valid && !askedToday) return null;
  const inUse = valid ? contraceptionInUseOn(offer.records, day) : null;
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
      <FieldErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}
