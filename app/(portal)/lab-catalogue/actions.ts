"use server";

import { authorizeAction } from "@/lib/auth/session";
import { addCatalogueTest, setCatalogueTestActive } from "@/lib/data/catalogue";
import { runWrite } from "@/lib/data/run-write";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { catalogueTestSchema, catalogueToggleSchema } from "@/lib/validation/lab";

export async function addCatalogueTestAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("catalogue.manage");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = catalogueTestSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => addCatalogueTest(auth.user, parsed.data), "Test added to the catalogue.", ["/lab-catalogue", "/patients/[patientId]"]);
}

export async function setCatalogueTestActiveAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("catalogue.manage");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = catalogueToggleSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(
    raw,
    () => setCatalogueTestActive(auth.user, parsed.data.labTestId, parsed.data.active),
    parsed.data.active ? "Test restored." : "Test retired.",
    ["/lab-catalogue", "/patients/[patientId]"],
  );
}
