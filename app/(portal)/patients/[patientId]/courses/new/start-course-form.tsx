"use client";

import { useActionState } from "react";
import { useFormDay, type ConfirmationOffer } from "@/components/contraception-confirmation";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { CounselingFields, PregnancyRefusal } from "@/components/pregnancy-fields";
import { ConfirmWarnings, ScheduleFields } from "@/components/schedule-fields";
import { PRODUCTS } from "@/lib/domain/dosing/checks";
import { ACNE_DEFAULT_TARGET_MG_PER_KG, ACNE_USUAL_TARGET_MG_PER_KG, defaultTargetMgPerKg } from "@/lib/domain/dosing/targets";
import { INDICATION_LABELS, REGIMEN_INTENT_LABELS, toOptions } from "@/lib/labels";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseAction } from "../actions";
import { FIRST_REGIMEN, useFollowingTarget } from "./use-following-target";

const { low, high } = ACNE_USUAL_TARGET_MG_PER_KG;
const TARGET_HINT =
  `Follows the indication and regimen until you type your own: ${ACNE_DEFAULT_TARGET_MG_PER_KG} for acne (${low}-${high} mg/kg is usual), ` +
  "none for rosacea, a maintenance regimen or another indication. Empty: that default.";

export function StartCourseForm({
  patientId,
  today,
  indication,
  latestWeightKg,
  daysSupply,
  supplyHint,
  contraception,
}: {
  patientId: string;
  today: string;
  indication: string;
  latestWeightKg: string;
  /** The prefilled days supply: the longest the pregnancy-prevention rules in force allow. */
  daysSupply: number;
  /** The supply limit of the pregnancy-prevention rules in force, when they set one. */
  supplyHint: string | undefined;
  /** The patient's live contraception records and category over time, for the counseling to confirm where the start's check asks for it; null: not asked. */
  contraception: ConfirmationOffer | null;
}) {
  const [state, action] = useActionState(startCourseAction, IDLE);
  const { dayFor, onChangeFor } = useFormDay("startDate", today);
  const followingTarget = useFollowingTarget();
  return (
    <form action={action} className="card max-w-3xl space-y-5" noValidate {...followingTarget}>
      <input type="hidden" name="patientId" value={patientId} />
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Course</legend>
        <SelectField name="indication" label="Indication" state={state} options={toOptions(INDICATION_LABELS)} defaultValue={indication} />
        <SelectField name="regimenIntent" label="Regimen" state={state} options={toOptions(REGIMEN_INTENT_LABELS)} defaultValue={FIRST_REGIMEN} />
        <Field
          name="startDate"
          label="Start date"
          type="date"
          state={state}
          defaultValue={today}
          hint="May be in the past for a course started on paper."
          onChange={onChangeFor(state)}
        />
        <Field
          name="targetMgPerKg"
          label="Target (mg/kg)"
          inputMode="numeric"
          state={state}
          defaultValue={String(defaultTargetMgPerKg(indication, FIRST_REGIMEN) ?? "")}
          hint={TARGET_HINT}
        />
        <Field name="startWeightKg" label="Weight at start (kg)" inputMode="decimal" state={state} defaultValue={latestWeightKg} />
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">First prescription</legend>
        <SelectField
          name="product"
          label="Product"
          state={state}
          options={PRODUCTS.map((p) => ({ value: p.id, label: `${p.name} (${p.strengthsMg.join(", ")} mg)` }))}
          defaultValue="CLARAVIS"
        />
        <Field name="capsuleStrengthMg" label="Capsule strength (mg)" inputMode="numeric" state={state} defaultValue="20" />
        <Field name="daysSupply" label="Days supply" inputMode="numeric" state={state} defaultValue={String(daysSupply)} hint={supplyHint} />
        <Field name="refills" label="Refills" inputMode="numeric" state={state} defaultValue="0" />
        <Field
          name="dispensedOn"
          label="Dispensed on (optional)"
          type="date"
          max={today}
          state={state}
          hint="The supply counts from this day, else from the start."
        />
      </fieldset>
      <ScheduleFields state={state} idPrefix="start" defaults={{ mgPerIntake: 20 }} />
      <CounselingFields state={state} idPrefix="start" confirm={contraception ? { offer: contraception, day: dayFor(state), today } : null} />
      <PregnancyRefusal state={state} />
      <ConfirmWarnings state={state} />
      <FormMessage state={state} />
      <SubmitButton>Start course</SubmitButton>
    </form>
  );
}
