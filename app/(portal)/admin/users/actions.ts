"use server";

import { revalidatePath } from "next/cache";
import { authorizeAction } from "@/lib/auth/session";
import { changeRole, createUser, DuplicateEmailError, SelfChangeError, setDisabled } from "@/lib/data/users";
import { denied, formToObject, invalid, type ActionState } from "@/lib/validation/action-result";
import { changeRoleSchema, createUserSchema, setDisabledSchema } from "@/lib/validation/user";

const SELF = "You cannot change your own role or disable your own account.";

export async function createUserAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = createUserSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  try {
    await createUser(auth.user, parsed.data);
  } catch (error) {
    if (error instanceof DuplicateEmailError) return { status: "error", message: "Please correct the highlighted fields.", fieldErrors: { email: ["An account with this email exists."] } };
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: "Account created." };
}

export async function changeRoleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const auth = await authorizeAction("users.manage");
  if (!auth.ok) return denied(auth.message);
  const parsed = changeRoleSchema.safeParse(formToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formToObject(formData));
  try {
    if (!(await changeRole(auth.user, parsed.data.userId, parsed.data.role))) return denied("That account no longer exists.");
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
    if (!(await setDisabled(auth.user, parsed.data.userId, parsed.data.disabled))) return denied("That account no longer exists.");
  } catch (error) {
    if (error instanceof SelfChangeError) return denied(SELF);
    throw error;
  }
  revalidatePath("/admin/users");
  return { status: "ok", message: parsed.data.disabled ? "Account disabled. Its sessions have ended." : "Account enabled." };
}
