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
import { decryptSecret, encryptSecret } from "@/lib/auth/mfa";
import { answerFor } from "@/lib/actions/client";
import { completeSignInAfterSetUp, confirmEnrollment, verifySecondFactor } from "@/lib/data/second-factor";
import { invalid, isForm, NOT_A_FORM, type ActionState } from "@/lib/validation/action-result";

const loginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254).email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(200),
});

/** Public by design: the credentials check, throttling and audit happen in the Auth.js authorize step. */
export async function login(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!isForm(formData)) return NOT_A_FORM;
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
  if (!isForm(formData)) return NOT_A_FORM;
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

/** A set-up's answer: the recovery codes, and what lets this sign-in go on from them (sealed). */
type EnrollState = ActionState | (Extract<ActionState, { status: "ok" }> & { resume: string });

/** How long the codes may stay on the screen before going on from them needs a code instead. */
const RESUME_VALID_MS = 30 * 60_000;
const RESUME_KIND = "sign-in-after-set-up";

/**
 * Confirms a second factor set up while a sign-in waits for it (the clinic requires one of this role) and
 * answers with the recovery codes. The sign-in now waits at its second step, and the cookie stays as it is
 * (a new cookie would re-render the sign-in page in place of the form that holds the codes, which are shown
 * only once); it goes on when the user does (continueSignInAction), with what this answer seals for this
 * sign-in (encrypted and authenticated with the server's key): a copy of the waiting token without it is asked
 * for a code, as is the user if the page is reloaded before going on.
 */
export async function confirmEnrollmentAction(_prev: EnrollState, formData: FormData): Promise<EnrollState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const session = await getSession();
  if (!session || session.stage !== "ENROLL") return { status: "error", message: SIGN_IN_ENDED };
  const parsed = enrollSchema.safeParse({ pending: formData.get("pending"), code: formData.get("code") });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { recoveryCodes } = await confirmEnrollment(session.user, session.id, parsed.data.pending, parsed.data.code);
    // The second factor is proven: the password's failures are forgotten and the address becomes known.
    await clearAccountChecks(session.user.email, clientIp(await headers()));
    return {
      status: "ok",
      message: "Two-step sign-in is set up.",
      reveal: { label: CODES_LABEL, values: recoveryCodes },
      resume: encryptSecret(JSON.stringify({ kind: RESUME_KIND, sessionId: session.id, userId: session.user.id, at: Date.now() })),
    };
  } catch (error) {
    const answer = answerFor(error, {});
    if (answer) return answer;
    throw error;
  }
}

/** Whether a set-up's sealed answer was made for this waiting sign-in, within its time. */
function sealedFor(sealed: string, session: { id: string; user: { id: string } }): boolean {
  try {
    const r = JSON.parse(decryptSecret(sealed)) as { kind?: unknown; sessionId?: unknown; userId?: unknown; at?: unknown };
    return (
      r.kind === RESUME_KIND && r.sessionId === session.id && r.userId === session.user.id && typeof r.at === "number" && Date.now() - r.at < RESUME_VALID_MS
    );
  } catch {
    return false;
  }
}

const continueSchema = z.object({ resume: z.string().max(1000).optional() });

/**
 * Goes on from the recovery codes shown at a set-up: the sign-in the set-up was made in is completed under a
 * new session (completeSignInAfterSetUp) and the token moves to it (only along that link, once:
 * lib/auth/config.ts), then to the sign-in page, which sends a signed-in user on to the page asked for. Without
 * a sign-in waiting here (already gone on, a second press sent with the old cookie, or ended) and without the
 * set-up's sealed answer for this sign-in, nothing is completed: the sign-in page shows where things stand
 * (signed in, a code to give, or the sign-in form).
 */
export async function continueSignInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!isForm(formData)) return NOT_A_FORM;
  const to = loginPath(safeNextPath(formData.get("next")));
  const parsed = continueSchema.safeParse({ resume: formData.get("resume") ?? undefined });
  const session = await getSession();
  if (!session || session.stage !== "MFA" || !parsed.success || !parsed.data.resume || !sealedFor(parsed.data.resume, session)) redirect(to);
  const completed = await completeSignInAfterSetUp(session.user, session.id);
  // Completed meanwhile (a second press, another tab) or ended: the sign-in page says which.
  if (!completed) redirect(to);
  if (!(await moveTokenTo(completed))) return { status: "error", message: SIGN_IN_ENDED };
  redirect(to);
}

/** Abandons a sign-in waiting at its second step: its session row is revoked, then the cookie cleared. */
export async function cancelSignInAction(): Promise<void> {
  const session = await getSession();
  if (session) await endSession(session.id);
  await signOut({ redirectTo: "/login" });
}
