"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authorizeAction } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { CategoryNotAllowedError, ConflictError, createPatient, DuplicateMrnError, updatePatient } from "@/lib/data/patients";
import { denied, echoable, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { patientSchemaAsOf, patientUpdateSchema } from "@/lib/validation/patient";

const DUPLICATE_MRN = {
  status: "error",
  message: "Please correct the highlighted fields.",
  fieldErrors: { mrn: ["Another patient already has this MRN."] },
} as const satisfies ActionState;

export async function createPatientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("patients.write");
  if (!auth.ok) return denied(auth.message);
  const parsed = patientSchemaAsOf(clinicToday()).safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  let patientId: string;
  try {
    patientId = await createPatient(auth.user, parsed.data);
  } catch (error) {
    if (error instanceof DuplicateMrnError)
      return { ...DUPLICATE_MRN, fieldErrors: { mrn: [...DUPLICATE_MRN.fieldErrors.mrn] }, values: echoable(formToObject(formData)) };
    if (error instanceof CategoryNotAllowedError) {
      return {
        status: "error",
        message: "Please correct the highlighted fields.",
        fieldErrors: { pregnancyCategory: ["Only a dermatologist documents that a patient cannot become pregnant."] },
        values: echoable(formToObject(formData)),
      };
    }
    throw error;
  }
  revalidatePath("/patients");
  redirect(`/patients/${patientId}`);
}

export async function updatePatientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("patients.write");
  if (!auth.ok) return denied(auth.message);
  const parsed = patientUpdateSchema(clinicToday()).safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  const { patientId, version, ...input } = parsed.data;
  try {
    await updatePatient(auth.user, patientId, version, input);
  } catch (error) {
    if (error instanceof DuplicateMrnError) return { ...DUPLICATE_MRN, fieldErrors: { mrn: [...DUPLICATE_MRN.fieldErrors.mrn] } };
    if (error instanceof ConflictError) {
      return { status: "error", message: "This record was changed by someone else since you opened it. Reload the page to see the latest version." };
    }
    throw error;
  }
  revalidatePath(`/patients/${patientId}`);
  redirect(`/patients/${patientId}`);
}
