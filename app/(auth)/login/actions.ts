"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { invalid, type ActionState } from "@/lib/validation/action-result";

const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254).email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(200),
});

/** Public by design: the credentials check, throttling and audit happen in the Auth.js authorize step. */
export async function login(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = loginSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return invalid(parsed.error, { email: String(formData.get("email") ?? "") });
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/" });
  } catch (error) {
    if (error instanceof AuthError) {
      return {
        status: "error",
        message: "Email or password is incorrect, or sign-in is temporarily locked. Try again in a few minutes.",
        values: { email: parsed.data.email },
      };
    }
    throw error;
  }
  return { status: "idle" };
}
