"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { headers } from "next/headers";
import { signIn, signOut, unstable_update } from "@/lib/auth/config";
import { clientIp } from "@/lib/auth/login";
import { endSession } from "@/lib/auth/logout";
import { clearAccountChecks } from "@/lib/auth/throttle";
import { loginPath, safeNextPath } from "@/lib/auth/next-path";
import { getSession } from "@/lib/auth/session";
import { readSessionToken } from "@/lib/auth/session-token";
import { decryptSecret, encryptSecret } from "@/lib/auth/mfa";
import { answerFor } from "@/lib/actions/client";
import { confirmEnrollment, verifySecondFactor } from "@/lib/data/second-factor";
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
    // Back to the sign-in page: it asks for the second factor where one is due, or goes on to the page
    // asked for (or the role's home).
    await signIn("credentials", { ...parsed.data, redirectTo: loginPath(safeNextPath(formData.get("next"))) });
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

/**
 * Re-issues the session cookie for the session that completed this sign-in (the waiting one was revoked).
 * Should the cookie not move (Auth.js clears it when the update fails), the new session is ended at once,
 * so no live session is left without its holder: the user signs in again.
 */
async function moveTokenTo(sessionId: string): Promise<boolean> {
  const moved = await unstable_update({ rotatedSid: sessionId } as Parameters<typeof unstable_update>[0]).catch(() => null);
  if ((moved as { sid?: unknown } | null)?.sid === sessionId) return true;
  await endSession(sessionId);
  return false;
}

const codeSchema = z.object({ code: z.string().trim().min(1, "Enter the code.").max(32, "Enter the 6-digit code or a recovery code.") });
const SIGN_IN_ENDED = "This sign-in has ended. Sign in again.";
const CODES_LABEL = "Recovery codes: each works once if you lose your phone. Save them now; they will not be shown again.";

/** The second step of a sign-in waiting for a code: a 6-digit authenticator code or a recovery code. */
export async function verifySecondFactorAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const session = await getSession();
  if (!session || session.stage !== "MFA") return { status: "error", message: SIGN_IN_ENDED };
  const parsed = codeSchema.safeParse({ code: formData.get("code") });
  if (!parsed.success) return invalid(parsed.error);
  const result = await verifySecondFactor(session.user, session.id, parsed.data.code);
  if (!result.ok) {
    if (result.ended) return { status: "error", message: "Too many wrong codes. Sign in again." };
    if (result.locked) return { status: "error", message: "Too many wrong codes for this account. Wait a few minutes, then try again." };
    return {
      status: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: { code: ["That code is not right, or it was already used. Try the next code."] },
    };
  }
  // The sign-in is complete under a new session id: the token moves to it (lib/auth/config.ts checks the
  // link in the database). The password's failures are forgotten and the address becomes known.
  if (!(await moveTokenTo(result.sessionId))) return { status: "error", message: SIGN_IN_ENDED };
  await clearAccountChecks(session.user.email, clientIp(await headers()));
  redirect(loginPath(safeNextPath(formData.get("next"))));
}

const enrollSchema = z.object({
  pending: z.string().min(1).max(1000),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows."),
});

/** A set-up's answer: the recovery codes, and the completed sign-in for the user to go on to (sealed). */
type EnrollState = ActionState | (Extract<ActionState, { status: "ok" }> & { resume: string });

/**
 * Completes a sign-in that waits for a second factor to be set up (the clinic requires one of this role) and
 * answers with the recovery codes. The token stays where it is until the user goes on from them
 * (continueSignInAction): a new cookie now would re-render the sign-in page for the new session in place of
 * the form that holds the codes, which are shown only once. The new session's id goes to the form sealed
 * (encrypted and authenticated with the server's key, bound to the waiting sign-in), never readable: a copy
 * of the waiting token alone still opens nothing.
 */
export async function confirmEnrollmentAction(_prev: EnrollState, formData: FormData): Promise<EnrollState> {
  const session = await getSession();
  if (!session || session.stage !== "ENROLL") return { status: "error", message: SIGN_IN_ENDED };
  const parsed = enrollSchema.safeParse({ pending: formData.get("pending"), code: formData.get("code") });
  if (!parsed.success) return invalid(parsed.error);
  let completed: Awaited<ReturnType<typeof confirmEnrollment>>;
  try {
    completed = await confirmEnrollment(session.user, session.id, parsed.data.pending, parsed.data.code);
  } catch (error) {
    const answer = answerFor(error, {});
    if (answer) return answer;
    throw error;
  }
  // The second factor is proven: the password's failures are forgotten and the address becomes known.
  await clearAccountChecks(session.user.email, clientIp(await headers()));
  return {
    status: "ok",
    message: "Two-step sign-in is set up.",
    reveal: { label: CODES_LABEL, values: completed.recoveryCodes },
    resume: encryptSecret(JSON.stringify({ resume: completed.sessionId, from: session.id })),
  };
}

/** The session a set-up's form names, if it completed the sign-in this token waited in (checked again when the token moves). */
function resumedSession(sealed: unknown, waitingSid: unknown): string | null {
  if (typeof sealed !== "string" || sealed.length > 1000 || typeof waitingSid !== "string") return null;
  try {
    const { resume, from } = JSON.parse(decryptSecret(sealed)) as { resume?: unknown; from?: unknown };
    return typeof resume === "string" && from === waitingSid ? resume : null;
  } catch {
    return null;
  }
}

/**
 * Goes on from the recovery codes shown at a set-up: the token moves to the session that completed its
 * sign-in (only along that link, once: lib/auth/config.ts), then to the sign-in page, which sends a
 * signed-in user on to the page asked for. A live session (already moved, or waiting at a step) goes there as it is.
 */
export async function continueSignInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const to = loginPath(safeNextPath(formData.get("next")));
  if (await getSession()) redirect(to);
  const completed = resumedSession(formData.get("resume"), (await readSessionToken(await headers()))?.sid);
  if (!completed || !(await moveTokenTo(completed))) return { status: "error", message: SIGN_IN_ENDED };
  redirect(to);
}

/** Abandons a sign-in waiting at its second step: its session row is revoked, then the cookie cleared. */
export async function cancelSignInAction(): Promise<void> {
  const session = await getSession();
  if (session) await endSession(session.id);
  await signOut({ redirectTo: "/login" });
}
