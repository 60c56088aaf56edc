"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { INDICATION_LABELS, PAPER_OUTCOME_LABELS, PAPER_PERIOD_PATTERN_LABELS, REGIMEN_INTENT_LABELS, toOptions } from "@/lib/labels";
import { IDLE } from "@/lib/validation/action-result";
import { PAPER_PERIOD_SLOTS } from "@/lib/validation/paper-course";
import { recordPaperCourseAction } from "../../record-correction-actions";

/** One form for a finished course from paper records; every value is kept when a field needs correcting. */
export function PaperCourseForm({ patientId, today, indication }: { patientId: string; today: string; indication: string }) {
  const [state, action] = useActionState(recordPaperCourseAction, IDLE);
  return (
    <form action={action} className="card max-w-3xl space-y-5" noValidate data-testid="paper-course-form">
      <input type="hidden" name="patientId" value={patientId} />
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Course</legend>
        <SelectField name="indication" label="Indication" state={state} options={toOptions(INDICATION_LABELS)} defaultValue={indication} />
        <SelectField name="regimenIntent" label="Regimen" state={state} options={toOptions(REGIMEN_INTENT_LABELS)} defaultValue="STANDARD" />
        <Field name="startDate" label="First day" type="date" max={today} state={state} />
        <Field name="endDate" label="Last day" type="date" max={today} state={state} />
        <SelectField name="outcome" label="Ended" state={state} options={toOptions(PAPER_OUTCOME_LABELS)} defaultValue="COMPLETED" />
        <Field name="targetMgPerKg" label="Target (mg/kg)" inputMode="numeric" state={state} hint="Empty: the indication's default." />
        <Field
          name="weightKg"
          label="Weight used (kg)"
          inputMode="decimal"
          state={state}
          hint="The weight the record used for mg/kg; no weight is dated today."
        />
        <Field name="note" label="Note (optional)" state={state} hint="For example where the record comes from." />
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Dose periods</legend>
        <p className="text-xs text-slate-600">The first period starts on the first day; each runs until the next one starts, the last until the last day.</p>
        {/* Each period a group of its own, its fields named with it: the visible labels repeat on every row. */}
        {PAPER_PERIOD_SLOTS.map((i) => (
          <fieldset key={i} className="grid gap-3 sm:grid-cols-4" data-testid={`period-${i}`}>
            <legend className="sr-only">Dose period {i}</legend>
            <Field name={`period${i}From`} label={`Period ${i} from`} type="date" max={today} state={state} />
            <Field name={`period${i}Mg`} label="Dose (mg)" aria-label={`Dose period ${i}: dose (mg)`} inputMode="numeric" state={state} />
            <SelectField
              name={`period${i}Pattern`}
              label="How often"
              aria-label={`Dose period ${i}: how often`}
              state={state}
              options={toOptions(PAPER_PERIOD_PATTERN_LABELS)}
              defaultValue="DAILY"
            />
            <Field
              name={`period${i}N`}
              label="Every N days / times a week"
              aria-label={`Dose period ${i}: every N days / times a week`}
              inputMode="numeric"
              state={state}
            />
          </fieldset>
        ))}
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Or, when only the total is known</legend>
        <Field name="totalMg" label="Total (mg)" inputMode="numeric" state={state} hint="Leave the dose periods empty." />
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton>Save course history</SubmitButton>
    </form>
  );
}
