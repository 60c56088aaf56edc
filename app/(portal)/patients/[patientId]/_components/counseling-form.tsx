"use client";

import { ContraceptionConfirmation, useFormDay, type ConfirmationOffer } from "@/components/contraception-confirmation";
import { Field } from "@/components/form";
import { recordCounselingAction } from "../pregnancy-actions";
import { PanelForm } from "./pregnancy-forms";

/**
 * The counseling of a visit; for a patient who could become pregnant on the counseling day (`contraception`: her
 * live records and category over time), with the contraception in use on that day to confirm with her.
 */
export function CounselingForm({ patientId, today, contraception }: { patientId: string; today: string; contraception: ConfirmationOffer | null }) {
  const { dayFor, onChangeFor } = useFormDay("counseledOn", today);
  return (
    <PanelForm title="Record counseling" action={recordCounselingAction} patientId={patientId} testId="form-counseling" submit="Save counseling">
      {(s) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="cn-date" name="counseledOn" label="Counseled on" type="date" state={s} defaultValue={today} onChange={onChangeFor(s)} />
          <Field id="cn-confirmation" name="confirmationNumber" label="REMS confirmation number (optional)" state={s} />
          {contraception ? <ContraceptionConfirmation offer={contraception} form="COUNSELING" day={dayFor(s)} today={today} idPrefix="cn" state={s} /> : null}
        </div>
      )}
    </PanelForm>
  );
}
