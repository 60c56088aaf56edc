"use server";

import { authorizeAction } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { acknowledgeLab, recordLabPanel } from "@/lib/data/labs";
import { addOutreachNote } from "@/lib/data/add-outreach-note";
import { waiveItem } from "@/lib/data/waive-item";
import { runWrite } from "@/lib/data/run-write";
import { denied, echoable, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { acknowledgeSchema, outreachSchema, parseLabPanel, waiveSchema } from "@/lib/validation/lab";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];

export async function recordLabPanelAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("labs.write");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = parseLabPanel(raw);
  if (!parsed.ok) return { status: "error", message: "Please correct the highlighted fields.", fieldErrors: parsed.fieldErrors, values: echoable(raw) };
  let outcome = { inserted: 0, flagged: 0 };
  const state = await runWrite(raw, async () => {
    outcome = await recordLabPanel(auth.user, parsed.data, clinicToday());
  }, "", AFFECTED);
  if (state.status !== "ok") return state;
  if (outcome.inserted === 0) return { status: "ok", message: "These results were already recorded; nothing was added." };
  return { status: "ok", message: `${outcome.inserted} result(s) recorded${outcome.flagged ? `, ${outcome.flagged} flagged for review` : ""}.` };
}

export async function acknowledgeLabAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("labs.acknowledge");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = acknowledgeSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => acknowledgeLab(auth.user, parsed.data.labResultId), "Result reviewed.", AFFECTED);
}

export async function waiveItemAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("monitoring.waive");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = waiveSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => waiveItem(auth.user, parsed.data, clinicToday()), "Item waived.", AFFECTED);
}

export async function addOutreachNoteAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("monitoring.outreach");
  if (!auth.ok) return denied(auth.message);
  const raw = formToObject(formData);
  const parsed = outreachSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, raw);
  return runWrite(raw, () => addOutreachNote(auth.user, parsed.data, clinicToday()), "Outreach noted.", AFFECTED);
}
