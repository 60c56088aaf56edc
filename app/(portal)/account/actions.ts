"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { clientIp } from "@/lib/auth/login";
import { newPasswordSchema } from "@/lib/auth/password-policy";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { authorizeAction } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { writeAudit } from "@/lib/data/audit";
import { changeOwnPassword } from "@/lib/data/own-password";
import { confirmEnrollment, regenerateRecoveryCodes, removeOwnSecondFactor } from "@/lib/data/second-factor";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { changeOwnPasswordSchema, totpCodeSchema } from "@/lib/validation/user";

const CODES_LABEL = "Recovery codes: each works once if you lose your phone. Save them now; they will not be shown again.";
const WRONG_CODE: ActionState = {
  status: "error",
  message: "Please correct the highlighted fields.",
  fieldErrors: { code: ["That code is not right, or it was already used."] },
};

export async function changeOwnPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("account.self");
  if (!auth.ok) return denied(auth.message);
  const parsed = changeOwnPasswordSchema
    .extend({ password: newPasswordSchema({ email: auth.user.email, name: auth.user.name }) })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." })
    .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password different from the current one." })
    .safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = await changeOwnPassword(auth.user, parsed.data.current, parsed.data.password, clientIp(await headers()));
  if (result === "throttled") return { status: "error", message: "Too many attempts. Try again in a few minutes." };
  if (result === "wrong_current") return { status: "error", message: "Please correct the highlighted fields.", fieldErrors: { current: ["That is not your current password."] } };
  return { status: "ok", message: "Password changed. Your other sessions have ended." };
}

const enrollSchema = totpCodeSchema.extend({ pending: z.string().min(1).max(1000) });

export async function enrollSecondFactorAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("account.self");
  if (!auth.ok) return denied(auth.message);
  if (auth.user.mfaEnrolled) return denied("Two-step sign-in is already set up.");
  const parsed = enrollSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = await confirmEnrollment(auth.user, auth.user.sessionId, parsed.data.pending, parsed.data.code);
  if (!result.ok) return result.reason === "expired" ? denied("This set-up has expired. Start again.") : WRONG_CODE;
  return { status: "ok", message: "Two-step sign-in is set up.", reveal: { label: CODES_LABEL, values: result.recoveryCodes } };
}

export async function regenerateRecoveryCodesAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("account.self");
  if (!auth.ok) return denied(auth.message);
  const parsed = totpCodeSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const codes = await regenerateRecoveryCodes(auth.user, parsed.data.code);
  if (!codes) return WRONG_CODE;
  return { status: "ok", message: "New recovery codes issued. The old ones no longer work.", reveal: { label: CODES_LABEL, values: codes } };
}

export async function removeSecondFactorAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("account.self");
  if (!auth.ok) return denied(auth.message);
  const parsed = totpCodeSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = await removeOwnSecondFactor(auth.user, parsed.data.code);
  if (result === "required") return denied("Your clinic requires two-step sign-in for your role.");
  if (result === "wrong_code") return WRONG_CODE;
  return { status: "ok", message: "Two-step sign-in removed." };
}

/** Ends every other session of one's own account (a forgotten computer, a lost phone). */
export async function signOutOtherSessionsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("account.self");
  if (!auth.ok) return denied(auth.message);
  if (!z.object({ scope: z.literal("others") }).safeParse(formToObject(formData)).success) return denied("Choose which sessions to end.");
  const ended = await db.$transaction(async (tx) => {
    const count = await revokeUserSessions(tx, auth.user.id, "signed_out_elsewhere", auth.user.sessionId);
    await writeAudit(tx, auth.user, { action: "user.sessions_revoked", entityType: "User", entityId: auth.user.id, changes: { sessionsEnded: count } });
    return count;
  });
  return { status: "ok", message: ended === 0 ? "You had no other sessions." : ended === 1 ? "1 other session ended." : `${ended} other sessions ended.` };
}
