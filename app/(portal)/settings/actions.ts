"use server";

import { authorizeAction } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { runWrite } from "@/lib/data/run-write";
import { CONFIG_KIND_NAMES } from "@/lib/labels";
import { saveClinicConfig } from "@/lib/data/settings";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { parseSettingsForm } from "@/lib/validation/settings";

export async function saveClinicSettingsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("settings.manage");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = parseSettingsForm(raw);
  if (!parsed.ok) return invalid(parsed.error, raw);
  const today = clinicToday();
  const { kind, effectiveFrom } = parsed.data;
  const when = effectiveFrom === today ? "in force from today" : `taking effect on ${effectiveFrom}`;
  return runWrite(
    raw,
    async () => {
      await saveClinicConfig(auth.user, parsed.data, today);
    },
    `New ${CONFIG_KIND_NAMES[kind]} saved, ${when}.`,
    ["/settings", "/dashboard", "/monitoring", "/patients/[patientId]"],
  );
}
