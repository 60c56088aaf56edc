import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { unlockSignInAction } from "@/app/(portal)/admin/users/unlock-actions";
import { getCurrentUser } from "@/lib/auth/session";
import { checkCredentials, clientIp } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password";
import { accountDelayMs, claimPasswordCheck, purgeExpiredThrottles, THROTTLE, unlockAccount } from "@/lib/auth/throttle";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

describe("login throttling (shared by every server instance through PostgreSQL)", () => {
  const auditCount = (action: string, since: Date) => testDb().auditEvent.count({ where: { action, occurredAt: { gte: since } } });

  it("a parallel burst of 40 wrong passwords from one address gets exactly 5 password checks", async () => {
    const user = await makeUser("DERMATOLOGIST");
    const since = new Date();
    const results = await Promise.all(Array.from({ length: 40 }, () => checkCredentials(user.email, "wrong-password", "203.0.113.7")));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await testDb().auditEvent.count({ where: { action: "auth.login_failed", entityId: user.id, occurredAt: { gte: since } } })).toBe(
      THROTTLE.maxChecksPerAccountAndIp,
    );
    expect(await auditCount("auth.login_throttled", since)).toBeGreaterThanOrEqual(35);
  });

  it("an attacker's failures from many addresses slow an account but never lock its owner out", async () => {
    const email = `target-${randomUUID()}@x.test`;
    const t0 = new Date(Date.now() - 60 * 60_000);
    // Twelve addresses, one wrong password each, a second apart: past the free checks the account waits
    // a doubling delay (1 s, 2 s, 4 s...), so some attempts are refused, but none locks it.
    let allowed = 0;
    for (let i = 0; i < 12; i++) if (await claimPasswordCheck(email, `192.0.2.${i}`, new Date(t0.getTime() + i * 1000))) allowed++;
    expect(allowed).toBeLessThan(12);
    // Its owner, from the clinic's address, after the longest delay: a password check is granted.
    expect(await claimPasswordCheck(email, "198.51.100.10", new Date(t0.getTime() + 12_000 + THROTTLE.maxDelayMs))).toBe(true);
  });

  it("an address the clinician signed in from is exempt from the account delay an attacker keeps running", async () => {
    const user = await makeUser("NURSE");
    await testDb().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("Right-password-1") } });
    expect((await checkCredentials(user.email, "Right-password-1", "198.51.100.77")).ok).toBe(true);
    // Attackers from other addresses burn the free checks and keep the account delay running.
    for (let i = 0; i < 8; i++) await checkCredentials(user.email, "wrong-password", `192.0.2.${100 + i}`);
    expect(await claimPasswordCheck(user.email, "192.0.2.200")).toBe(false);
    // The clinician's usual address still gets a password check, and signs in.
    expect((await checkCredentials(user.email, "Right-password-1", "198.51.100.77")).ok).toBe(true);
  });

  it("the delay doubles and is capped", () => {
    expect([4, 5, 6, 7, 20].map(accountDelayMs)).toEqual([0, 1_000, 2_000, 4_000, 120_000]);
  });

  it("locks a pair after its checks, and an address after its checks across accounts, for the lock time only", async () => {
    const email = `pair-${randomUUID()}@x.test`;
    const t = new Date(Date.now() - 2 * 60 * 60_000);
    const at = (s: number) => new Date(t.getTime() + s * 1000 + 120_000 * s); // past each account delay
    for (let i = 0; i < THROTTLE.maxChecksPerAccountAndIp; i++) expect(await claimPasswordCheck(email, "203.0.113.9", at(i))).toBe(true);
    expect(await claimPasswordCheck(email, "203.0.113.9", at(5))).toBe(false);
    expect(await claimPasswordCheck(email, "203.0.113.10", at(5))).toBe(true); // another address is not locked
    expect(await claimPasswordCheck(email, "203.0.113.9", new Date(at(5).getTime() + THROTTLE.lockMs))).toBe(true);

    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    await Promise.all(Array.from({ length: THROTTLE.maxChecksPerIp }, (_, i) => claimPasswordCheck(`spray-${i}-${randomUUID()}@x.test`, ip)));
    expect(await claimPasswordCheck(`fresh-${randomUUID()}@x.test`, ip)).toBe(false);
    expect((await testDb().loginThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } })).failures).toBe(THROTTLE.maxChecksPerIp);
  });

  it("an administrator unlock clears every count of the account; old rows are purged", async () => {
    const email = `unlock-${randomUUID()}@x.test`;
    for (let i = 0; i < THROTTLE.maxChecksPerAccountAndIp; i++)
      await claimPasswordCheck(email, "203.0.113.20", new Date(Date.now() - 10 * 60_000 + i * 130_000 - 6 * 130_000));
    expect(await claimPasswordCheck(email, "203.0.113.20")).toBe(false);
    expect(await unlockAccount(email.toUpperCase())).toBe(2);
    expect(await claimPasswordCheck(email, "203.0.113.20")).toBe(true);
    const stale = `stale-${randomUUID()}@x.test`;
    await claimPasswordCheck(stale, null, new Date(Date.now() - 2 * THROTTLE.purgeAfterMs));
    expect(await purgeExpiredThrottles()).toBeGreaterThanOrEqual(1);
    expect(await testDb().loginThrottle.count({ where: { key: `acct:${stale}` } })).toBe(0);
  });

  it("an administrator unlocks a clinician's sign-in from the users page; others may not", async () => {
    const nurse = await makeUser("NURSE");
    for (let i = 0; i < THROTTLE.maxChecksPerAccountAndIp; i++) await checkCredentials(nurse.email, "wrong-password", "203.0.113.30");
    expect(await claimPasswordCheck(nurse.email, "203.0.113.30")).toBe(false);
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await unlockSignInAction(IDLE, form({ userId: nurse.id }))).toEqual({ status: "error", message: "You do not have permission to do this." });
    const admin = await makeUser("ADMIN");
    actAs(admin);
    expect(await unlockSignInAction(IDLE, form({ userId: nurse.id.toUpperCase() }))).toEqual({ status: "ok", message: "Sign-in unlocked." });
    expect(await testDb().auditEvent.count({ where: { action: "user.unlock_sign_in", actorId: admin.id, entityId: nurse.id } })).toBe(1);
    expect(await claimPasswordCheck(nurse.email, "203.0.113.30")).toBe(true);
  });

  it("the client address is the server's header, never X-Forwarded-For", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "10.0.0.1", "x-isotrack-client-ip": "203.0.113.5" }))).toBe("203.0.113.5");
    expect(clientIp(new Headers({ "x-forwarded-for": "10.0.0.1" }))).toBeNull();
  });
});

describe("user administration", () => {
  it("creates accounts without a password, changes roles and disables them, each audited and each ending sessions", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const email = `new-${randomUUID()}@clinic.test`;
    const created = await createUserAction(IDLE, form({ name: "New Nurse", email, role: "NURSE" }));
    // An account that sees patient data: its setup link comes from a dermatologist, never to the administrator.
    expect(created).toEqual({ status: "ok", message: "Account created for New Nurse. A dermatologist gives the user their setup link, under Approvals." });
    const user = await testDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toBeNull();
    expect(await createUserAction(IDLE, form({ name: "Dup", email, role: "NURSE" }))).toMatchObject({
      fieldErrors: { email: ["An account with this email exists."] },
      values: { name: "Dup", email, role: "NURSE" },
    });

    actAs(user);
    // A session of the new user (as if signed in), to see that each change below ends it.
    expect(await getCurrentUser()).toMatchObject({ id: user.id, role: "NURSE" });
    actAs(admin);
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "STAFF" }))).toMatchObject({ status: "ok" });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("STAFF");
    expect(await testDb().userSession.findMany({ where: { userId: user.id }, select: { revokedWhy: true } })).toEqual([{ revokedWhy: "role_change" }]);
    expect(await setDisabledAction(IDLE, form({ userId: user.id, disabled: "true" }))).toMatchObject({ status: "ok" });
    const actions = (await testDb().auditEvent.findMany({ where: { entityId: user.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["user.create", "user.role_change", "user.disable"]);

    expect(await changeRoleAction(IDLE, form({ userId: admin.id, role: "NURSE" }))).toMatchObject({
      status: "error",
      message: expect.stringContaining("your own"),
    });
    expect(await setDisabledAction(IDLE, form({ userId: admin.id, disabled: "true" }))).toMatchObject({ status: "error" });
  });
});
