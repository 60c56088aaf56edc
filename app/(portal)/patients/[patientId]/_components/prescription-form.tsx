"use client";

import { useFormDay, type ConfirmationOffer } from "@/components/contraception-confirmation";
import { Field, fieldErrorsOf, SelectField, submittedValue } from "@/components/form";
import { CounselingFields } from "@/components/pregnancy-fields";
import { ScheduleFields, type ScheduleDefaults } from "@/components/schedule-fields";
import { PRODUCTS } from "@/lib/domain/dosing/checks";
import { REGIMEN_CHANGE_CODE } from "@/lib/domain/dosing/prescription-checks";
import type { ActionState } from "@/lib/validation/action-result";
import { writePrescriptionAction } from "../courses/actions";
import { CourseForm } from "./course-forms";

export interface LatestPrescription {
  product: string;
  capsuleStrengthMg: number;
  daysSupply: number;
}

/**
 * The reason for a dose change is asked for only once the answer says the schedule differs from the regimen
 * in force (or after a refusal that names it, or with a reason already typed): never prefilled, the
 * prescriber types it.
 */
function asksForReason(state: ActionState): boolean {
  if (state.status === "confirm" && state.warnings.some((w) => w.code === REGIMEN_CHANGE_CODE)) return true;
  return Boolean(fieldErrorsOf(state, "reason") || submittedValue(state, "reason")?.trim());
}

/**
 * A prescription on a course in progress, at its current regimen unless the prescriber changes it (and says
 * why). Where its check asks for it (the patient could become pregnant on its day or today), the counseling
 * recorded with it may confirm the contraception in use on the prescription's day (`contraception`: the
 * patient's live records and category over time; null: not asked).
 */
export function PrescriptionForm({
  course,
  today,
  current,
  latestPrescription,
  contraception,
}: {
  course: { id: string; version: number };
  today: string;
  current: ScheduleDefaults | null;
  latestPrescription: LatestPrescription | null;
  contraception: ConfirmationOffer | null;
}) {
  const { dayFor, onChangeFor } = useFormDay("writtenOn", today);
  return (
    <CourseForm action={writePrescriptionAction} course={course} submit="Save prescription">
      {(state) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id={`rx-date-${course.id}`} name="writtenOn" label="Date" type="date" state={state} defaultValue={today} onChange={onChangeFor(state)} />
            <SelectField
              id={`rx-product-${course.id}`}
              name="product"
              label="Product"
              state={state}
              options={PRODUCTS.map((p) => ({ value: p.id, label: `${p.name} (${p.strengthsMg.join(", ")} mg)` }))}
              defaultValue={latestPrescription?.product ?? "CLARAVIS"}
            />
            <Field
              id={`rx-strength-${course.id}`}
              name="capsuleStrengthMg"
              label="Capsule strength (mg)"
              inputMode="numeric"
              state={state}
              defaultValue={String(latestPrescription?.capsuleStrengthMg ?? 20)}
            />
            <Field
              id={`rx-days-${course.id}`}
              name="daysSupply"
              label="Days supply"
              inputMode="numeric"
              state={state}
              defaultValue={String(latestPrescription?.daysSupply ?? 30)}
            />
            <Field id={`rx-refills-${course.id}`} name="refills" label="Refills" inputMode="numeric" state={state} defaultValue="0" />
            <Field id={`rx-dispensed-${course.id}`} name="dispensedOn" label="Dispensed on (optional)" type="date" max={today} state={state} />
          </div>
          <ScheduleFields state={state} idPrefix={`rx-${course.id}`} defaults={current ?? undefined} />
          {asksForReason(state) ? (
            <Field
              id={`rx-reason-${course.id}`}
              name="reason"
              label="Reason for the dose change"
              state={state}
              hint="This schedule differs from the course's current regimen: from this prescription's date it becomes the course's dose."
            />
          ) : null}
          <CounselingFields state={state} idPrefix={`rx-${course.id}`} confirm={contraception ? { offer: contraception, day: dayFor(state), today } : null} />
        </>
      )}
    </CourseForm>
  );
}
