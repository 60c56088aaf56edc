import type { z } from "zod";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import type { AskedWarning } from "@/lib/errors";

/** The one shape every server action returns. Messages never carry patient data or stack traces. */
export type ActionState =
  | { status: "idle" }
  /** tone "alert": saved, but the message asks for action now (shown as an alert, not a routine success). */
  | { status: "ok"; message: string; tone?: "alert"; reveal?: Reveal; outcomes?: PatientOutcome[]; hl7?: Hl7Outcome[]; next?: NextStep }
  | { status: "error"; message: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string>; outcomes?: PatientOutcome[] }
  /** Each warning with the token its checkbox sends back to confirm it as it reads (lib/errors.ts confirmationToken). */
  | { status: "confirm"; message: string; warnings: AskedWarning[]; values?: Record<string, string> };

/** One patient's answer in a bulk action, by id: the page that sent it names the patient. */
export type PatientOutcome = { patientId: string; ok: boolean; message: string };

/** One message of an uploaded HL7 file: imported, already imported, or refused with the segment named. */
export type Hl7Outcome = {
  index: number;
  controlId: string | null;
  status: "IMPORTED" | "ALREADY_IMPORTED" | "REJECTED";
  error?: string;
  attached: number;
  /** Of the results attached, those that replaced the result they correct. */
  corrected: number;
  queued: number;
  /** The patients results were attached to, named (name and MRN) only to a role that sees patients. */
  patients: { id: string; attached: number; name: string | null; mrn: string | null }[];
  queueReasons: string[];
  /** The repeat tests asked for at the reviews of the results its corrections replaced: still listed, or no longer. */
  repeats: RepeatsAfterCorrection;
  /** What needs the clinic today, shown first (lib/data/import-hl7-outcome.ts). */
  urgent: Hl7Urgent[];
};

/**
 * A result of an uploaded message that needs the clinic today: a pregnancy test that is not negative or a critical
 * value, attached or waiting under Unfiled lab results. `patient`: the chart it is on or whose prescribing it holds;
 * `mrn`: a waiting result's MRN as the message gives it; `text`: what it is and what to do, for this uploader.
 */
export type Hl7Urgent = {
  kind: "PREGNANCY_ATTACHED" | "CRITICAL_ATTACHED" | "PREGNANCY_WAITING" | "CRITICAL_WAITING";
  patient: { id: string; name: string; mrn: string } | null;
  mrn: string | null;
  text: string;
};

/** Where to go next after a saved form, as a link under its message (a page of the portal, with its anchor). */
export type NextStep = { href: string; label: string };

/** Something shown once and never again (a setup link, recovery codes): the server keeps only its hash. */
export type Reveal = { label: string; values: string[] };

export const IDLE: ActionState = { status: "idle" };

/** Every form posts a form: anything else is a call made by hand, refused before it is read. */
export const isForm = (body: unknown): body is FormData => body instanceof FormData;
export const NOT_A_FORM: ActionState = { status: "error", message: "This request was not sent by one of the forms; nothing was changed." };

export function denied(message: string): ActionState {
  return { status: "error", message };
}

/**
 * The fields that carry a password: any named for one, and the account forms' current password and the new
 * password's confirmation.
 */
const SECRET_FIELD = /password|^current$|^confirm$/i;

/**
 * Field errors plus the submitted values, so the form can show what was typed (React resets forms after an
 * action). Passwords are never echoed back.
 */
export function invalid(error: z.ZodError, submitted?: Record<string, string | string[]>): ActionState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!Object.hasOwn(fieldErrors, key)) fieldErrors[key] = [];
    fieldErrors[key]!.push(issue.message);
  }
  return { status: "error", message: "Please correct the highlighted fields.", fieldErrors, values: echoable(submitted) };
}

/**
 * A refused form's answer with the problems of the form as a whole (under `_form`: a schema's refinement of no
 * one field, "Enter at least one result.") said in its message, before the request to correct the fields marked
 * when any is: no field shows them, and a form that marks none would otherwise ask to correct nothing.
 */
export function withFormProblems<T extends ActionState>(state: T): T {
  const whole = state.status === "error" ? state.fieldErrors?._form : undefined;
  if (state.status !== "error" || !whole?.length) return state;
  const marked = Object.keys(state.fieldErrors ?? {}).some((field) => field !== "_form");
  const rest = marked && !whole.includes(state.message) ? [state.message] : [];
  return { ...state, message: [...whole, ...rest].join(" ") };
}

export function echoable(submitted?: Record<string, string | string[]>): Record<string, string> | undefined {
  if (!submitted) return undefined;
  const values: Record<string, string> = {};
  // A repeated field (the weekday checkboxes) comes back as its values joined by commas.
  for (const [k, v] of Object.entries(submitted)) if (!SECRET_FIELD.test(k)) values[k] = (typeof v === "string" ? v : v.join(",")).slice(0, 1000);
  return values;
}

/**
 * FormData to a plain object; repeated keys become arrays. Files are dropped. A field named like an
 * Object member ("constructor") is a field like any other.
 */
export function formToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
