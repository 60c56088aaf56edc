import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { requiredText, uuid } from "./common";
import { confirmationsField, tokenOf } from "./confirmations";

/** The confirmation the two-step sign-in policy asks of an administrator whose own session it would hold. */
export const OWN_SESSION_WAITS = "OWN_SESSION_WAITS";

export const createUserSchema = z.object({
  name: requiredText("a name", 100),
  email: z.string().trim().toLowerCase().min(1, "Enter an email.").max(254).email("Enter a valid email address."),
  role: z.enum(ROLES, { error: "Choose a role." }),
});

/** `from`: the role the page showed, whose change the administrator confirmed (optional for a caller that shows none). */
export const changeRoleSchema = z.object({ userId: uuid, role: z.enum(ROLES, { error: "Choose a role." }), from: z.enum(ROLES).optional() });
export const setDisabledSchema = z.object({ userId: uuid, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const userIdSchema = z.object({ userId: uuid });
/** `role`: the role the Approvals page showed, which the dermatologist confirmed the link gives. */
export const giveSetupLinkSchema = z.object({ userId: uuid, role: z.enum(ROLES, { error: "Open the account's setup link from Approvals again." }) });

/**
 * The roles that must use a second factor: zero or more checkboxes named `roles`. Unchecked boxes send
 * nothing, so the form also sends `form=mfa-policy`: an empty request is not read as "none required".
 */
export const mfaPolicySchema = z.object({
  form: z.literal("mfa-policy", { error: "Send the two-step sign-in form." }),
  roles: z
    .union([z.enum(ROLES), z.array(z.enum(ROLES)).max(ROLES.length)], { error: "Choose roles from the list." })
    .optional()
    .transform((v) => [...new Set(v === undefined ? [] : Array.isArray(v) ? v : [v])]),
  /** The saver's confirmation that their own session will wait for a second factor (asked first). */
  ack: confirmationsField(tokenOf([OWN_SESSION_WAITS]), 1),
});

export const currentPasswordSchema = z.object({ current: z.string().min(1, "Enter your current password.").max(200) });

export const changeOwnPasswordSchema = currentPasswordSchema.extend({
  password: z.string().max(200),
  confirm: z.string().max(200),
});

/** A 6-digit authenticator code. */
export const totpCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows."),
});
