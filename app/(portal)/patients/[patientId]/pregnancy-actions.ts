"use server";

import { authorizeAction } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { changePregnancyCategory, recordContraception, recordCounseling, recordPregnancyDecision } from "@/lib/data/pregnancy-records";
import { runWrite } from "@/lib/data/run-write";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { categorySchema, contraceptionSchema, counselingSchema, decisionSchema } from "@/lib/validation/pregnancy";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];

export async function recordContraceptionAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("pregnancy.record");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = contraceptionSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => recordContraception(auth.user, parsed.data, clinicToday()), "Contraception recorded.", AFFECTED);
}

export async function recordCounselingAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("pregnancy.decide");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = counselingSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => recordCounseling(auth.user, parsed.data, clinicToday()), "Counseling recorded.", AFFECTED);
}

export async function recordPregnancyDecisionAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("pregnancy.decide");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = decisionSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => recordPregnancyDecision(auth.user, parsed.data, clinicToday()), "Decision documented.", AFFECTED);
}

export async function changePregnancyCategoryAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("pregnancy.decide");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = categorySchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  const { ack, ...input } = parsed.data;
  return runWrite(
    raw,
    () => changePregnancyCategory(auth.user, { ...input, confirmed: ack.length > 0 }, clinicToday()),
    "Pregnancy category changed.",
    AFFECTED,
  );
}
