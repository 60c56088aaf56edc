"use server";

import { redirect } from "next/navigation";
import { authorizeAction } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { changeDose } from "@/lib/data/change-dose";
import { recordMissedDose } from "@/lib/data/record-missed-dose";
import { recordWeight } from "@/lib/data/record-weight";
import { startCourse } from "@/lib/data/start-course";
import { transitionCourse } from "@/lib/data/transition-course";
import { writePrescription } from "@/lib/data/write-prescription";
import { runWrite } from "@/lib/data/run-write";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import {
  courseStatusSchema,
  doseChangeSchema,
  missedDoseSchema,
  prescriptionSchema,
  startCourseSchema,
  toSchedule,
  weightSchema,
} from "@/lib/validation/course";

const PATIENT_PAGE = "/patients/[patientId]";

export async function startCourseAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("doses.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = startCourseSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  const v = parsed.data;
  const result = await runWrite(
    raw,
    async () => {
      await startCourse(auth.user, { ...v, schedule: toSchedule(v) }, clinicToday());
    },
    "Course started.",
    [PATIENT_PAGE, "/dashboard"],
  );
  if (result.status !== "ok") return result;
  redirect(`/patients/${v.patientId}`);
}

export async function changeDoseAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("doses.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = doseChangeSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  const v = parsed.data;
  return runWrite(raw, () => changeDose(auth.user, { ...v, schedule: toSchedule(v) }), v.supersedesId ? "Correction saved." : "Dose change saved.", [
    PATIENT_PAGE,
    "/dashboard",
  ]);
}

export async function writePrescriptionAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("doses.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = prescriptionSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  const v = parsed.data;
  return runWrite(raw, () => writePrescription(auth.user, { ...v, schedule: toSchedule(v) }), "Prescription saved.", [PATIENT_PAGE, "/dashboard"]);
}

export async function transitionCourseAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("doses.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = courseStatusSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => transitionCourse(auth.user, parsed.data), "Course updated.", [PATIENT_PAGE, "/dashboard"]);
}

export async function recordMissedDoseAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("doses.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = missedDoseSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => recordMissedDose(auth.user, parsed.data), "Missed dose recorded.", [PATIENT_PAGE, "/dashboard"]);
}

export async function recordWeightAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("weights.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = weightSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  if (parsed.data.measuredOn > clinicToday())
    return {
      status: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: { measuredOn: ["The date cannot be in the future."] },
      values: { weightKg: String(raw.weightKg ?? "") },
    };
  return runWrite(raw, () => recordWeight(auth.user, parsed.data), "Weight recorded.", [PATIENT_PAGE, "/dashboard"]);
}
