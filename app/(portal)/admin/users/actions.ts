"use server";

import { revalidatePath } from "next/cache";
import { authorizeAction } from "@/lib/auth/session";
import { setupPath } from "@/lib/data/setup-links";
import { changeRole, createUser, DuplicateEmailError, resetPassword, resetSecondFactor, SelfChangeError, setDisabled } from "@/lib/data/users";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { changeRoleSchema, createUserSchema, setDisabledSchema, userIdSchema } from "@/lib/validation/user";

const SELF = "You cannot change your own role, disable your own account or reset your own credentials here. Use My account.";
const GONE = "That account no longer exists.";
const LINK_NOTE = "Give this link to the user in person or by a channel you trust. It works once, for 72 hours; the user chooses their own password.";

export async function createUserAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = createUserSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  let token: string;
  try {
    ({ token } = await createUser(auth.user, parsed.data));
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      return { status: "error", message: "Please correct the highlighted fields.", fieldErrors: { email: ["An account with this email exists."] }, values: parsed.data };
    }
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: `Account created for ${parsed.data.name}.`, reveal: { label: LINK_NOTE, values: [setupPath(token)] } };
}

export async function changeRoleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = changeRoleSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  try {
    if (!(await changeRole(auth.user, parsed.data.userId, parsed.data.role))) return denied(GONE);
  } catch (error) {
    if (error instanceof SelfChangeError) return denied(SELF);
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: "Role changed. The user's open sessions have ended." };
}

export async function setDisabledAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = setDisabledSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  try {
    if (!(await setDisabled(auth.user, parsed.data.userId, parsed.data.disabled))) return denied(GONE);
  } catch (error) {
    if (error instanceof SelfChangeError) return denied(SELF);
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: parsed.data.disabled ? "Account disabled. Its sessions have ended." : "Account enabled." };
}

/** The old password stops working and the user's sessions end; the administrator gets a setup link to hand over. */
export async function resetPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = userIdSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  let token: string | null;
  try {
    token = await resetPassword(auth.user, parsed.data.userId);
  } catch (error) {
    if (error instanceof SelfChangeError) return denied(SELF);
    throw error;
  }
  if (!token) return denied(GONE);
  revalidatePath("/admin/users");
  return { status: "ok", message: "Password reset. The old password no longer works.", reveal: { label: LINK_NOTE, values: [setupPath(token)] } };
}

/** For a lost phone: removes the user's second factor and recovery codes and ends their sessions. */
export async function resetSecondFactorAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = userIdSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error);
  try {
    if (!(await resetSecondFactor(auth.user, parsed.data.userId))) return denied(GONE);
  } catch (error) {
    if (error instanceof SelfChangeError) return denied(SELF);
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: "Second factor removed. The user sets up a new one at next sign-in where required." };
}
