import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeOwnPasswordAction, signOutOtherSessionsAction } from "@/app/(portal)/account/actions";
import { createUserAction, resetPasswordAction } from "@/app/(portal)/admin/users/actions";
import { completeSetupAction } from "@/app/(auth)/setup/[token]/actions";
import { checkCredentials } from "@/lib/auth/login";
import { endSession } from "@/lib/auth/logout";
import { loadSession } from "@/lib/auth/sessions";
import { getCurrentUser } from "@/lib/auth/session";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";
import { GOOD, LINK_GONE, linkFromDermatologist, newAccount, noneRequired, sessionsOf, signInAs } from "./account-helpers";

// The clinic policy is one row: each test starts from "not required" and leaves it so.
beforeEach(noneRequired);
afterEach(noneRequired);

describe("setup links: no administrator knows a working password", () => {
  it("a new account has no password until its user sets one through the link, which works once", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const email = `setup-${randomUUID()}@clinic.test`;
    expect(await createUserAction(IDLE, form({ name: "Kim Oduya", email, role: "NURSE" }))).not.toHaveProperty("reveal");
    const token = await linkFromDermatologist((await testDb().user.findUniqueOrThrow({ where: { email } })).id);
    expect((await checkCredentials(email, GOOD, null)).ok).toBe(false);

    expect(await completeSetupAction(IDLE, form({ token, password: "short", confirm: "short" }))).toMatchObject({
      fieldErrors: { password: ["Use at least 12 characters."] },
    });
    expect(await completeSetupAction(IDLE, form({ token, password: "kimoduya-2026-x", confirm: "kimoduya-2026-x" }))).toMatchObject({
      fieldErrors: { password: ["Do not use your name or email in your password."] },
    });
    expect(await completeSetupAction(IDLE, form({ token, password: "password1234", confirm: "password1234" }))).toMatchObject({
      fieldErrors: { password: [expect.stringContaining("too common")] },
    });
    expect(await completeSetupAction(IDLE, form({ token, password: GOOD, confirm: `${GOOD}!` }))).toMatchObject({
      fieldErrors: { confirm: ["The two passwords differ."] },
    });
    // None of the refusals spent the link.
    expect(await callAction(() => completeSetupAction(IDLE, form({ token, password: GOOD, confirm: GOOD })))).toEqual({ redirect: "/login?password=set" });
    expect(await completeSetupAction(IDLE, form({ token, password: `${GOOD} two`, confirm: `${GOOD} two` }))).toEqual({ status: "error", message: LINK_GONE });

    const user = await testDb().user.findUniqueOrThrow({ where: { email } });
    expect((await checkCredentials(email, GOOD, null)).ok).toBe(true);
    expect(
      await testDb().auditEvent.findFirst({ where: { action: "user.password_set", entityId: user.id }, select: { actorId: true, changes: true } }),
    ).toEqual({
      actorId: user.id,
      changes: { via: "NEW_ACCOUNT" },
    });
    // Only the token's hash is stored.
    expect(await testDb().setupLink.count({ where: { tokenHash: token } })).toBe(0);
  });

  it("an expired link, a replaced link and a made-up token are refused", async () => {
    const { admin, user } = await newAccount();
    actAs(admin);
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).not.toHaveProperty("reveal");
    const first = await linkFromDermatologist(user.id);
    const second = await linkFromDermatologist(user.id);
    expect(await completeSetupAction(IDLE, form({ token: first, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    await testDb().setupLink.updateMany({ where: { userId: user.id, usedAt: null, replacedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await completeSetupAction(IDLE, form({ token: second, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    expect(await completeSetupAction(IDLE, form({ token: "x".repeat(43), password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    expect(await completeSetupAction(IDLE, form({ token: "../../etc", password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
  });

  it("an administrator's reset stops the old password at once and ends the user's sessions; not for oneself", async () => {
    const { admin, user, email } = await newAccount();
    await signInAs(email, GOOD);
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    actAs(admin);
    expect(await resetPasswordAction(IDLE, form({ userId: user.id.toUpperCase() }))).toEqual({
      status: "ok",
      message: "Password reset. The old password no longer works. A dermatologist gives the user their setup link, under Approvals.",
    });
    expect(await sessionsOf(user.id)).toEqual([expect.objectContaining({ revokedWhy: "password_reset" })]);
    expect((await checkCredentials(email, GOOD, null)).ok).toBe(false);
    expect(await resetPasswordAction(IDLE, form({ userId: admin.id }))).toMatchObject({ status: "error", message: expect.stringContaining("your own") });
    const token = await linkFromDermatologist(user.id);
    expect(await callAction(() => completeSetupAction(IDLE, form({ token, password: `${GOOD} again`, confirm: `${GOOD} again` })))).toEqual({
      redirect: "/login?password=set",
    });
    expect((await checkCredentials(email, `${GOOD} again`, null)).ok).toBe(true);
  });
});

describe("own password", () => {
  it("needs the current password, follows the policy, and ends every other session but this one", async () => {
    const { user, email } = await newAccount();
    const other = await signInAs(email, GOOD);
    const current = await signInAs(email, GOOD);
    const next = "a quiet lake at dawn";
    expect(await changeOwnPasswordAction(IDLE, form({ current: "not-it", password: next, confirm: next }))).toMatchObject({
      fieldErrors: { current: ["That is not your current password."] },
    });
    expect(await changeOwnPasswordAction(IDLE, form({ current: GOOD, password: GOOD, confirm: GOOD }))).toMatchObject({
      fieldErrors: { password: ["Choose a password different from the current one."] },
    });
    expect(await changeOwnPasswordAction(IDLE, form({ current: GOOD, password: next, confirm: next }))).toEqual({
      status: "ok",
      message: "Password changed. Your other sessions have ended.",
    });
    expect(await sessionsOf(user.id)).toEqual([
      { id: other, stage: "ACTIVE", revokedWhy: "password_changed" },
      { id: current, stage: "ACTIVE", revokedWhy: null },
    ]);
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    expect((await checkCredentials(email, GOOD, null)).ok).toBe(false);
    expect((await checkCredentials(email, next, null)).ok).toBe(true);
  });

  it("a refused change never sends the current or the new password back with the form's values", async () => {
    const { email } = await newAccount();
    await signInAs(email, GOOD);
    const next = "a quiet lake at dawn";
    const refusals = [
      // The current password wrong: refused by the data layer (an AppError), the values echoed with it.
      await changeOwnPasswordAction(IDLE, form({ current: "not-my-password-x", password: next, confirm: next })),
      // The confirmation differs: refused by the schema.
      await changeOwnPasswordAction(IDLE, form({ current: GOOD, password: next, confirm: `${next}!` })),
    ];
    for (const state of refusals) {
      expect(state.status).toBe("error");
      const sent = JSON.stringify(state);
      for (const secret of [GOOD, "not-my-password-x", next]) expect(sent).not.toContain(secret);
    }
  });
});

describe("sessions", () => {
  it("the idle timeout slides with use; the absolute timeout does not", async () => {
    const user = await makeUser("STAFF");
    const now = Date.now();
    const row = await testDb().userSession.create({
      data: {
        userId: user.id,
        stage: "ACTIVE",
        createdAt: new Date(now - 60 * 60_000),
        lastSeenAt: new Date(now - 29 * 60_000),
        expiresAt: new Date(now + 11 * 3600_000),
      },
    });
    expect(await loadSession(row.id, new Date(now))).toMatchObject({ id: row.id });
    // Used just now: 29 more minutes later it is still live, though 58 minutes have passed since the first use.
    expect(await loadSession(row.id, new Date(now + 29 * 60_000))).toMatchObject({ id: row.id });
    expect(await loadSession(row.id, new Date(now + 29 * 60_000 + 30 * 60_000))).toBeNull();
    await testDb().userSession.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(now + 60_000) } });
    expect(await loadSession(row.id, new Date(now + 61_000))).toBeNull();
  });

  it("signing out revokes the session row with an audit row; signing out of other sessions keeps this one", async () => {
    const { user, email } = await newAccount();
    const first = await signInAs(email, GOOD);
    const second = await signInAs(email, GOOD);
    const third = await signInAs(email, GOOD);
    await endSession(first);
    expect(await loadSession(first)).toBeNull();
    expect(await signOutOtherSessionsAction(IDLE, form({ scope: "others" }))).toEqual({ status: "ok", message: "1 other session ended." });
    expect(await sessionsOf(user.id)).toEqual([
      { id: first, stage: "ACTIVE", revokedWhy: "sign_out" },
      { id: second, stage: "ACTIVE", revokedWhy: "signed_out_elsewhere" },
      { id: third, stage: "ACTIVE", revokedWhy: null },
    ]);
    expect(await testDb().auditEvent.count({ where: { action: "auth.logout", entityId: user.id } })).toBe(1);
  });
});
