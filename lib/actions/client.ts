import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeAction, recordActionRefusedByRule, type CurrentUser } from "@/lib/auth/session";
import { forgetCounts } from "@/lib/data/count-cache";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { denied, echoable, formToObject, invalid, isForm, NOT_A_FORM, withFormProblems, type ActionState } from "@/lib/validation/action-result";

type Submitted = Record<string, string | string[]>;

/** Files of a multipart form, by field name, read whole (the server's body limit bounds them). */
export type UploadedFiles = Record<string, { name: string; bytes: Uint8Array }>;

async function filesOf(formData: FormData): Promise<UploadedFiles> {
  const out: UploadedFiles = {};
  for (const [key, value] of formData.entries())
    if (typeof value !== "string" && !Object.hasOwn(out, key)) out[key] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
  return out;
}

export interface ActionSpec<S extends z.ZodType> {
  /** Checked first, against the database's record of the caller; a refusal is audited and writes nothing. */
  permission: Permission;
  /** Parses the submitted form; may depend on the caller (a password policy naming their email). */
  schema: S | ((user: CurrentUser) => S);
  /**
   * The write. Returns the success message, a whole answer (for one-time values shown once), or the page
   * to go to once the write is done (redirectTo).
   */
  run: (input: z.output<S>, ctx: { user: CurrentUser; submitted: Submitted; files: UploadedFiles }) => Promise<string | ActionState | RedirectTo>;
  /**
   * When the schema refuses the form, the problems the write would find in the fields it let through (a lab
   * panel's values, checked against the catalogue, beside its refused date), by field: the answer names them
   * with the schema's, so every field's problem is reported at once. A field the schema refused keeps its message.
   */
  alsoRefused?: (submitted: Submitted, ctx: { user: CurrentUser }) => Promise<Record<string, string[]>>;
  /** Pages whose data the write changed. */
  revalidate?: string[] | ((input: z.output<S>) => string[]);
}

/** A success that leaves the form for another page, after revalidation. */
export type RedirectTo = { redirectTo: string };
export const redirectTo = (path: string): RedirectTo => ({ redirectTo: path });

const FIX_FIELDS = "Please correct the highlighted fields.";

/** An AppError as the form's answer, with what was typed kept. */
export function answerFor(error: unknown, submitted: Submitted): ActionState | null {
  const values = echoable(submitted);
  if (error instanceof AppError) {
    if (error.code === "NEEDS_CONFIRMATION") return { status: "confirm", message: error.message, warnings: error.detail.warnings ?? [], values };
    const { field, fields } = error.detail;
    if (error.code === "INVALID" && field) return { status: "error", message: FIX_FIELDS, fieldErrors: { [field]: [error.message] }, values };
    if (fields) return { status: "error", message: error.message, fieldErrors: fields, values };
    return { status: "error", message: error.message, values };
  }
  return null;
}

/** A refused form's answer with further problems added, each under a field the answer does not name yet. */
function withMoreProblems(answer: ActionState, more: Record<string, string[]> = {}): ActionState {
  if (answer.status !== "error") return answer;
  const fieldErrors = { ...answer.fieldErrors };
  for (const [field, messages] of Object.entries(more)) if (!Object.hasOwn(fieldErrors, field)) fieldErrors[field] = messages;
  return { ...answer, fieldErrors };
}

/** The further problems of a refused form (alsoRefused); should looking for them fail, the schema's answer stands alone. */
async function furtherProblems<S extends z.ZodType>(spec: ActionSpec<S>, submitted: Submitted, user: CurrentUser): Promise<Record<string, string[]>> {
  if (!spec.alsoRefused) return {};
  return spec.alsoRefused(submitted, { user }).catch((error: unknown) => {
    log.warn({ error: error instanceof Error ? error.message : String(error) }, "further checks of a refused form failed");
    return {};
  });
}

/**
 * Every server action has one shape: permission, schema, write. The client owns what each used to repeat:
 * the permission check (refusals audited as attempts), parsing with field errors and the submitted values
 * echoed (passwords never), the mapping of refusals to answers, revalidation after a success and the
 * redirect that may follow it. Anything else thrown (a bug, a lost database, Next's own redirect) goes on
 * to the caller.
 */
export function defineAction<S extends z.ZodType>(spec: ActionSpec<S>) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const auth = await authorizeAction(spec.permission);
    if (!auth.ok) return denied(auth.message);
    if (!isForm(formData)) return NOT_A_FORM;
    const submitted = formToObject(formData);
    const schema = typeof spec.schema === "function" ? spec.schema(auth.user) : spec.schema;
    const parsed = schema.safeParse(submitted);
    if (!parsed.success) return withFormProblems(withMoreProblems(invalid(parsed.error, submitted), await furtherProblems(spec, submitted, auth.user)));
    let result: string | ActionState | RedirectTo;
    try {
      result = await spec.run(parsed.data, { user: auth.user, submitted, files: await filesOf(formData) });
    } catch (error) {
      if (error instanceof AppError && error.code === "FORBIDDEN") await recordActionRefusedByRule(auth.user, spec.permission);
      const answer = answerFor(error, submitted);
      if (answer) return withFormProblems(answer);
      throw error;
    } finally {
      // What this process renders next (this answer's page included) counts what the write changed.
      forgetCounts();
    }
    const state: ActionState | RedirectTo = typeof result === "string" ? { status: "ok", message: result } : result;
    if ("redirectTo" in state || state.status === "ok") {
      const paths = typeof spec.revalidate === "function" ? spec.revalidate(parsed.data) : (spec.revalidate ?? []);
      for (const path of paths) revalidatePath(path, "page");
    }
    if ("redirectTo" in state) redirect(state.redirectTo);
    return state;
  };
}
