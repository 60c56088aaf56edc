"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/client";
import { clientIp } from "@/lib/auth/login";
import { newPasswordSchema } from "@/lib/auth/password-policy";
import { changeOwnPassword, checkOwnPassword } from "@/lib/data/own-password";
import { confirmEnrollment, regenerateRecoveryCodes, removeOwnSecondFactor, revokeOtherSessions } from "@/lib/data/second-factor";
import { refused } from "@/lib/errors";
import { changeOwnPasswordSchema, currentPasswordSchema, totpCodeSchema } from "@/lib/validation/user";

const ip = async () => clientIp(await headers());
const CODES_LABEL = "Recovery codes: each works once if you lose your phone. Save them now; they will not be shown again.";

export const changeOwnPasswordAction = defineAction({
  permission: "account.self",
  schema: (user) =>
    changeOwnPasswordSchema
      .extend({ password: newPasswordSchema({ email: user.email, name: user.name }) })
      .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." })
      .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password different from the current one." }),
  run: async (input, { user }) => {
    await changeOwnPassword(user, input.current, input.password, await ip());
    return "Password changed. Your other sessions have ended.";
  },
});

export const enrollSecondFactorAction = defineAction({
  permission: "account.self",
  schema: totpCodeSchema.extend(currentPasswordSchema.shape).extend({ pending: z.string().min(1).max(1000) }),
  run: async (input, { user }) => {
    if (user.mfaEnrolled) throw refused("Two-step sign-in is already set up.");
    await checkOwnPassword(user, input.current, await ip(), "mfa_enroll");
    const { recoveryCodes } = await confirmEnrollment(user, user.sessionId, input.pending, input.code);
    return { status: "ok", message: "Two-step sign-in is set up.", reveal: { label: CODES_LABEL, values: recoveryCodes } };
  },
});

export const regenerateRecoveryCodesAction = defineAction({
  permission: "account.self",
  schema: totpCodeSchema.extend(currentPasswordSchema.shape),
  run: async (input, { user }) => {
    await checkOwnPassword(user, input.current, await ip(), "recovery_codes");
    const codes = await regenerateRecoveryCodes(user, input.code);
    return { status: "ok", message: "New recovery codes issued. The old ones no longer work.", reveal: { label: CODES_LABEL, values: codes } };
  },
});

export const removeSecondFactorAction = defineAction({
  permission: "account.self",
  schema: totpCodeSchema.extend(currentPasswordSchema.shape),
  revalidate: ["/account"],
  run: async (input, { user }) => {
    await checkOwnPassword(user, input.current, await ip(), "mfa_remove");
    await removeOwnSecondFactor(user, input.code);
    return "Two-step sign-in removed.";
  },
});

/** Ends every other session of one's own account (a forgotten computer, a lost phone). */
export const signOutOtherSessionsAction = defineAction({
  permission: "account.self",
  schema: z.object({ scope: z.literal("others", { error: "Choose which sessions to end." }) }),
  run: async (_input, { user }) => {
    const ended = await revokeOtherSessions(user);
    return ended === 0 ? "You had no other sessions." : ended === 1 ? "1 other session ended." : `${ended} other sessions ended.`;
  },
});
