import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enrollSecondFactorAction, regenerateRecoveryCodesAction, removeSecondFactorAction } from "@/app/(portal)/account/actions";
import { resetSecondFactorAction } from "@/app/(portal)/admin/users/actions";
import { saveMfaPolicyAction } from "@/app/(portal)/admin/users/policy-actions";
import { unlockSignInAction } from "@/app/(portal)/admin/users/unlock-actions";
import { confirmEnrollmentAction, continueSignInAction, verifySecondFactorAction } from "@/app/(auth)/login/actions";
import { decryptSecret } from "@/lib/auth/mfa";
import { claimRotation, loadSession, revokeSession } from "@/lib/auth/sessions";
import { getCurrentUser, getSession } from "@/lib/auth/session";
import { beginEnrollment, confirmEnrollment } from "@/lib/data/second-factor";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";
import { GOOD, newAccount, noneRequired, sessionsOf, signInAs } from "./account-helpers";
import { sessionState } from "./setup";

/** What a set-up at sign-in answers: its recovery codes, and what its form sends to go on. */
function shown(state: Awaited<ReturnType<typeof confirmEnrollmentAction>>) {
  if (state.status !== "ok" || !state.reveal || !("resume" in state)) throw new Error(JSON.stringify(state));
  return { recoveryCodes: state.reveal.values, resume: state.resume };
}

// The clinic policy is one row: each test starts from "not required" and leaves it so.
beforeEach(noneRequired);
afterEach(noneRequired);

describe("two-step sign-in", () => {
  async function enrolled() {
    const account = await newAccount("DERMATOLOGIST");
    await signInAs(account.email, GOOD);
    const me = (await getCurrentUser())!;
    const { secret, pending } = beginEnrollment(me, me.sessionId);
    expect(await enrollSecondFactorAction(IDLE, form({ pending, code: await generate({ secret }), current: "not-my-password" }))).toMatchObject({
      fieldErrors: { current: ["That is not your current password."] },
    });
    const state = await enrollSecondFactorAction(IDLE, form({ pending, code: await generate({ secret }), current: GOOD }));
    if (state.status !== "ok" || !state.reveal) throw new Error(JSON.stringify(state));
    return { ...account, secret, recoveryCodes: state.reveal.values };
  }

  it("set up from My account: the secret is stored encrypted and ten recovery codes are shown once", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const row = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpSecret).not.toContain(secret);
    expect(decryptSecret(row.totpSecret!)).toBe(secret);
    expect(await testDb().recoveryCode.count({ where: { userId: user.id, usedAt: null, codeHash: { in: recoveryCodes } } })).toBe(0);
  });

  it("after the password the session waits for a code; a right code completes it, a used one is refused", async () => {
    const { user, email, secret } = await enrolled();
    const sid = await signInAs(email, GOOD);
    expect(await getSession()).toMatchObject({ id: sid, stage: "MFA" });
    expect(await getCurrentUser()).toBeNull();
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    // The sign-in continues under a new session id; the token that waited for the code opens nothing.
    const waited = await testDb().userSession.findUniqueOrThrow({ where: { id: sid } });
    const completed = await testDb().userSession.findUniqueOrThrow({ where: { rotatedFromId: sid } });
    expect([waited.revokedWhy, completed.stage, completed.revokedAt, completed.expiresAt]).toEqual(["rotated", "ACTIVE", null, waited.expiresAt]);
    expect(sessionState.current?.sid).toBe(completed.id);
    expect(await loadSession(sid)).toBeNull();
    // The same code in a second sign-in: refused (one use per code).
    await signInAs(email, GOOD);
    expect(await verifySecondFactorAction(IDLE, form({ code }))).toMatchObject({ fieldErrors: { code: [expect.stringContaining("already used")] } });
    expect(await getCurrentUser()).toBeNull();
  });

  it("a token moves only to the session that completed its own sign-in, once, while that session is live", async () => {
    const { email, secret, recoveryCodes } = await enrolled();
    const first = await signInAs(email, GOOD);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code })))).toEqual({ redirect: "/login" });
    const next = sessionState.current!.sid!;
    const other = await signInAs(email, GOOD); // another sign-in, still waiting for its code
    expect(await claimRotation(next, other)).toBe(false);
    expect(await claimRotation(first, next)).toBe(false);
    expect(await claimRotation(next, "not-a-session-id")).toBe(false);
    expect(await claimRotation(next, first)).toBe(true);
    // Once: a copy of the waiting token that learns the new id later gets nothing.
    expect(await claimRotation(next, first)).toBe(false);

    // A completed sign-in whose session has ended cannot be claimed either.
    await signInAs(email, GOOD);
    const waiting = sessionState.current!.sid!;
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code: recoveryCodes[0]! })))).toEqual({ redirect: "/login" });
    const completed = sessionState.current!.sid!;
    await testDb().$transaction((tx) => revokeSession(tx, completed, "sign_out"));
    expect(await claimRotation(completed, waiting)).toBe(false);
  });

  it("five wrong codes end the sign-in; a recovery code works once", async () => {
    const { email, recoveryCodes } = await enrolled();
    const sid = await signInAs(email, GOOD);
    for (let i = 0; i < 4; i++)
      expect(await verifySecondFactorAction(IDLE, form({ code: "000000" }))).toMatchObject({ status: "error", fieldErrors: { code: expect.any(Array) } });
    expect(await verifySecondFactorAction(IDLE, form({ code: "000000" }))).toEqual({ status: "error", message: "Too many wrong codes. Sign in again." });
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedWhy: "mfa_failures", mfaFailures: 5 });
    expect(await verifySecondFactorAction(IDLE, form({ code: recoveryCodes[0]! }))).toEqual({
      status: "error",
      message: "This sign-in has ended. Sign in again.",
    });
    // Five wrong codes also make the account wait; as if that minute had passed:
    expect((await testDb().user.findUniqueOrThrow({ where: { email } })).mfaLockedUntil).not.toBeNull();
    await testDb().user.update({ where: { email }, data: { mfaLockedUntil: null } });

    await signInAs(email, GOOD);
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code: recoveryCodes[0]!.toUpperCase() })))).toEqual({ redirect: "/login" });
    await signInAs(email, GOOD);
    expect(await verifySecondFactorAction(IDLE, form({ code: recoveryCodes[0]! }))).toMatchObject({ status: "error" });
  });

  it("wrong codes count for the account across sign-ins: past five it waits, whatever the code, until unlocked", async () => {
    const { user, email, secret } = await enrolled();
    for (let i = 0; i < 2; i++) {
      const sid = await signInAs(email, GOOD);
      for (let j = 0; j < 2; j++)
        expect(await verifySecondFactorAction(IDLE, form({ code: "000000" }))).toMatchObject({ fieldErrors: { code: expect.any(Array) } });
      // Each new password sign-in ends the one still waiting.
      await signInAs(email, GOOD);
      expect(await testDb().userSession.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedWhy: "superseded" });
    }
    expect(await verifySecondFactorAction(IDLE, form({ code: "000000" }))).toMatchObject({ fieldErrors: { code: expect.any(Array) } });
    const locked = await testDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.mfaFailures).toBe(5);
    expect(locked.mfaLockedUntil!.getTime() - Date.now()).toBeGreaterThan(50_000);
    const right = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const lockedAnswer = { status: "error", message: "Too many wrong codes for this account. Wait a few minutes, then try again." };
    expect(await verifySecondFactorAction(IDLE, form({ code: right }))).toEqual(lockedAnswer);
    expect(await getCurrentUser()).toBeNull();
    const sid = sessionState.current!.sid!;
    actAs(await makeUser("ADMIN"));
    expect(await unlockSignInAction(IDLE, form({ userId: user.id }))).toMatchObject({ status: "ok" });
    sessionState.current = { userId: user.id, sid };
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code: right })))).toEqual({ redirect: "/login" });
    expect(await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mfaFailures: 0, mfaLockedUntil: null });
  });

  it("a set-up left open elsewhere cannot replace a second factor set up since", async () => {
    const { user, email } = await newAccount("NURSE");
    await testDb().securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: ["NURSE"] } });
    const stale = await signInAs(email, GOOD);
    const account = { id: user.id, role: "NURSE" as const, email };
    const staleSetUp = beginEnrollment(account, stale);
    const current = await signInAs(email, GOOD);
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: stale } })).toMatchObject({ revokedWhy: "superseded" });
    const mine = beginEnrollment(account, current);
    expect(await confirmEnrollmentAction(IDLE, form({ pending: mine.pending, code: await generate({ secret: mine.secret }) }))).toMatchObject({ status: "ok" });
    // The stale set-up, replayed against the data layer directly, is refused: the account has its factor.
    await expect(confirmEnrollment(account, stale, staleSetUp.pending, await generate({ secret: staleSetUp.secret }))).rejects.toThrow("already set up");
    // And a set-up made for one session does not serve another.
    await expect(confirmEnrollment(account, current, staleSetUp.pending, await generate({ secret: staleSetUp.secret }))).rejects.toThrow("expired");
    expect(decryptSecret((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).totpSecret!)).toBe(mine.secret);
  });

  it("new recovery codes need a current code and replace the old ones", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    expect(await regenerateRecoveryCodesAction(IDLE, form({ code: "123456", current: GOOD }))).toMatchObject({
      fieldErrors: { code: [expect.stringContaining("not right")] },
    });
    // A recovery code typed here is refused as not the authenticator's code, and neither spent nor counted as wrong.
    const failuresBefore = (await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).mfaFailures;
    for (const action of [regenerateRecoveryCodesAction, removeSecondFactorAction])
      expect(await action(IDLE, form({ code: recoveryCodes[0]!, current: GOOD }))).toMatchObject({
        fieldErrors: { code: ["Enter the 6-digit code your authenticator app shows."] },
      });
    expect(await testDb().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).mfaFailures).toBe(failuresBefore);
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await regenerateRecoveryCodesAction(IDLE, form({ code: next, current: "wrong password" }))).toMatchObject({
      fieldErrors: { current: expect.any(Array) },
    });
    const fresh = await regenerateRecoveryCodesAction(IDLE, form({ code: next, current: GOOD }));
    expect(fresh).toMatchObject({ status: "ok", reveal: { values: expect.any(Array) } });
    expect(await testDb().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    expect(recoveryCodes.some((c) => fresh.status === "ok" && fresh.reveal!.values.includes(c))).toBe(false);
  });

  it("a role the clinic requires it of must set it up before anything else; it cannot be turned off", async () => {
    const { admin, user, email } = await newAccount("NURSE");
    const open = await signInAs(email, GOOD);
    actAs(admin);
    // Every open session of an unenrolled nurse or dermatologist waits (other tests' too, hence no exact count).
    expect(await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["NURSE", "DERMATOLOGIST"] }))).toMatchObject({
      status: "ok",
      message: expect.stringMatching(/^Saved\. \d+ open sessions? now waits? for a second factor to be set up\.$/),
    });
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: open } })).toMatchObject({ stage: "ENROLL" });
    const sid = await signInAs(email, GOOD);
    expect(await getSession()).toMatchObject({ id: sid, stage: "ENROLL" });
    expect(await getCurrentUser()).toBeNull();
    const { secret, pending } = beginEnrollment({ id: user.id, role: "NURSE", email }, sid);
    expect(await confirmEnrollmentAction(IDLE, form({ pending, code: "000000" }))).toMatchObject({ fieldErrors: { code: expect.any(Array) } });
    // A set-up made for another account is refused.
    const foreign = beginEnrollment({ id: admin.id, role: "ADMIN", email: "someone@clinic.test" }, sid);
    expect(await confirmEnrollmentAction(IDLE, form({ pending: foreign.pending, code: await generate({ secret: foreign.secret }) }))).toMatchObject({
      status: "error",
      message: expect.stringContaining("expired"),
    });
    const done = await confirmEnrollmentAction(IDLE, form({ pending, code: await generate({ secret }) }));
    expect(done).toMatchObject({ status: "ok", message: "Two-step sign-in is set up.", reveal: { values: expect.any(Array) }, resume: expect.any(String) });
    const { recoveryCodes, resume } = shown(done);
    expect(new Set(recoveryCodes).size).toBe(10);
    // The codes come first: the sign-in goes on (the token moves) only when the user continues from them, so
    // that no re-render of the sign-in page for a signed-in session takes them off the screen.
    expect(sessionState.current?.sid).toBe(sid);
    expect(await getCurrentUser()).toBeNull();
    // No session completes the sign-in yet: it waits at its second step (a reload asks for a code).
    expect(await testDb().userSession.count({ where: { rotatedFromId: sid } })).toBe(0);
    expect(await getSession()).toMatchObject({ id: sid, stage: "MFA" });
    // The waiting token alone, as a copy of it would come, or with a forged value, completes nothing: back to the
    // sign-in page, which asks it for a code (and the sign-in is not spoiled).
    expect(await callAction(() => continueSignInAction(IDLE, form({ next: "/monitoring?page=1" })))).toEqual({
      redirect: "/login?next=%2Fmonitoring%3Fpage%3D1",
    });
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume: "v1.forged.resume.value" })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toBeNull();
    expect(await testDb().userSession.count({ where: { rotatedFromId: sid } })).toBe(0);
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume, next: "/monitoring?page=1" })))).toEqual({
      redirect: "/login?next=%2Fmonitoring%3Fpage%3D1",
    });
    expect(await getCurrentUser()).toMatchObject({ id: user.id, mfaEnrolled: true });
    // Pressed twice, it still goes on (the sign-in page sends a signed-in user to the page asked for).
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedWhy: "rotated" });
    expect(await testDb().userSession.findUniqueOrThrow({ where: { rotatedFromId: sid } })).toMatchObject({ id: sessionState.current?.sid, stage: "ACTIVE" });
    expect(
      await removeSecondFactorAction(IDLE, form({ code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }), current: GOOD })),
    ).toMatchObject({
      status: "error",
      message: "Your clinic requires two-step sign-in for your role.",
    });
    // A recovery code shown at set-up completes a later sign-in.
    await signInAs(email, GOOD);
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code: recoveryCodes[5]! })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    expect((await testDb().auditEvent.findFirst({ where: { action: "security.policy_update", actorId: admin.id } }))?.changes).toMatchObject({
      mfaRequiredRoles: { to: ["NURSE", "DERMATOLOGIST"] },
    });
  });

  it("going on from the recovery codes needs the sign-in that set them up: otherwise it opens nothing", async () => {
    const { user, email } = await newAccount("NURSE");
    await testDb().securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: ["NURSE"] } });
    actAs(null);
    expect(await callAction(() => continueSignInAction(IDLE, form({})))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toBeNull();
    // Still waiting for its set-up: back to the sign-in page, which asks for it; the token stays where it was.
    const sid = await signInAs(email, GOOD);
    expect(await callAction(() => continueSignInAction(IDLE, form({})))).toEqual({ redirect: "/login" });
    expect(sessionState.current?.sid).toBe(sid);
    expect(await getSession()).toMatchObject({ id: sid, stage: "ENROLL" });
    // Another sign-in's set-up, completed: its session is not this token's to take, even with what its form carries.
    const other = await signInAs(email, GOOD);
    const mine = beginEnrollment({ id: user.id, role: "NURSE", email }, other);
    const { resume } = shown(await confirmEnrollmentAction(IDLE, form({ pending: mine.pending, code: await generate({ secret: mine.secret }) })));
    sessionState.current = { userId: user.id, sid };
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toBeNull();
    expect(await testDb().userSession.count({ where: { rotatedFromId: sid } })).toBe(0);
  });

  it("an administrator resets a lost second factor (ending the user's sessions), never their own", async () => {
    const { admin, user, email } = await enrolled();
    actAs(admin);
    expect(await resetSecondFactorAction(IDLE, form({ userId: user.id }))).toMatchObject({ status: "ok" });
    expect(await resetSecondFactorAction(IDLE, form({ userId: admin.id }))).toMatchObject({ status: "error", message: expect.stringContaining("your own") });
    expect(await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect((await sessionsOf(user.id)).every((s) => s.revokedWhy !== null)).toBe(true);
    await signInAs(email, GOOD);
    expect(await getSession()).toMatchObject({ stage: "ACTIVE" });
  });
});
