import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { requiredText, uuid } from "./common";

export const createUserSchema = z.object({
  name: requiredText("a name", 100),
  email: z.string().trim().toLowerCase().min(1, "Enter an email.").max(254).email("Enter a valid email address."),
  role: z.enum(ROLES, { error: "Choose a role." }),
  password: z.string().min(12, "Use at least 12 characters.").max(200, "At most 200 characters."),
});

export const changeRoleSchema = z.object({ userId: uuid, role: z.enum(ROLES, { error: "Choose a role." }) });
export const setDisabledSchema = z.object({ userId: uuid, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const unlockSchema = z.object({ userId: uuid });
