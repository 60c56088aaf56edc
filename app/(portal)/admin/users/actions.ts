"use server";

import { defineAction } from "@/lib/actions/client";
import { SETUP_LINK_NOTE as LINK_NOTE, setupPath } from "@/lib/data/setup-links";
import { changeRole, createUser, resetPassword, resetSecondFactor, setDisabled } from "@/lib/data/users";
import { changeRoleSchema, createUserSchema, setDisabledSchema, userIdSchema } from "@/lib/validation/user";

/** An account that sees patient data gets its setup link from a dermatologist, never from an administrator. */
const FROM_DERMATOLOGIST = "A dermatologist gives the user their setup link, under Approvals.";
const USERS = ["/admin/users", "/approvals"];

export const createUserAction = defineAction({
  permission: "users.manage",
  schema: createUserSchema,
  revalidate: USERS,
  run: async (input, { user }) => {
    const { token } = await createUser(user, input);
    if (!token) return `Account created for ${input.name}. ${FROM_DERMATOLOGIST}`;
    return { status: "ok", message: `Account created for ${input.name}.`, reveal: { label: LINK_NOTE, values: [setupPath(token)] } };
  },
});

export const changeRoleAction = defineAction({
  permission: "users.manage",
  schema: changeRoleSchema,
  revalidate: USERS,
  run: async (input, { user }) => {
    const { awaitsDermatologist, setupLinkWithdrawn, disabled } = await changeRole(user, input.userId, input.role, input.from);
    if (disabled && awaitsDermatologist)
      return "Role changed. Its password and second factor have ended. Once the account is enabled, a dermatologist gives the user their setup link, under Approvals.";
    if (disabled) return "Role changed. The account stays disabled until it is enabled.";
    if (awaitsDermatologist)
      return "Role changed. The user's sessions, password and second factor have ended: a dermatologist gives the user their setup link, under Approvals.";
    if (setupLinkWithdrawn)
      return "Role changed. The user's open sessions have ended, and the setup link they were given no longer works: make them a new one here if they still need it.";
    return "Role changed. The user's open sessions have ended.";
  },
});

export const setDisabledAction = defineAction({
  permission: "users.manage",
  schema: setDisabledSchema,
  revalidate: USERS,
  run: async (input, { user }) => {
    await setDisabled(user, input.userId, input.disabled);
    return input.disabled ? "Account disabled. Its sessions have ended." : "Account enabled.";
  },
});

/**
 * The old password stops working and the user's sessions end; the administrator gets a setup link to hand
 * over to an administrator (a new one, replacing the last, for one without a password yet), and a
 * dermatologist gives the link of an account that sees patient data.
 */
export const resetPasswordAction = defineAction({
  permission: "users.manage",
  schema: userIdSchema,
  revalidate: USERS,
  run: async (input, { user }) => {
    const { token, hadPassword } = await resetPassword(user, input.userId);
    const done = hadPassword ? "Password reset. The old password no longer works." : "New setup link made. The link made before no longer works.";
    if (!token) return `${done} ${FROM_DERMATOLOGIST}`;
    return { status: "ok", message: done, reveal: { label: LINK_NOTE, values: [setupPath(token)] } };
  },
});

/** For a lost phone: removes the user's second factor and recovery codes and ends their sessions. */
export const resetSecondFactorAction = defineAction({
  permission: "users.manage",
  schema: userIdSchema,
  revalidate: USERS,
  run: async (input, { user }) => {
    await resetSecondFactor(user, input.userId);
    return "Second factor removed. The user sets up a new one at next sign-in where required.";
  },
});
