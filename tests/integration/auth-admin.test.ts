import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { isThrottled, recordFailure, THROTTLE } from "@/lib/auth/throttle";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { sessionState } from "./setup";

describe("login throttling (shared by every server instance through PostgreSQL)", () => {
  it("locks an account after its failures, whether or not the account exists", async () => {
    for (const email of [`known-${randomUUID()}@x.test`, `unknown-${randomUUID()}@x.test`]) {
      for (let i = 0; i < THROTTLE.maxFailuresPerAccount - 1; i++) await recordFailure(email, null);
      expect(await isThrottled(email, null)).toBe(false);
      await recordFailure(email, null);
      expect(await isThrottled(email, null)).toBe(true);
      expect(await isThrottled(email.toUpperCase(), null)).toBe(true);
    }
  });

  it("locks an IP after its failures across many accounts", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    await Promise.all(Array.from({ length: THROTTLE.maxFailuresPerIp }, (_, i) => recordFailure(`spray-${i}-${randomUUID()}@x.test`, ip)));
    expect(await isThrottled(`fresh-${randomUUID()}@x.test`, ip)).toBe(true);
    const row = await testDb().loginThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } });
    expect(row.failures).toBe(THROTTLE.maxFailuresPerIp);
  });

  it("a lock expires after its window", async () => {
    const email = `expiry-${randomUUID()}@x.test`;
    const past = new Date(Date.now() - THROTTLE.lockMs - 60_000);
    for (let i = 0; i < THROTTLE.maxFailuresPerAccount; i++) await recordFailure(email, null, past);
    expect(await isThrottled(email, null, past)).toBe(true);
    expect(await isThrottled(email, null)).toBe(false);
  });
});

describe("session timeouts", () => {
  it("a session older than the absolute timeout is refused", async () => {
    const user = await makeUser("NURSE");
    actAs(user);
    expect(await getCurrentUser()).not.toBeNull();
    sessionState.current = { userId: user.id, sv: user.sessionVersion, loginAt: Math.floor(Date.now() / 1000) - 13 * 3600 };
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("user administration", () => {
  it("creates accounts, changes roles and disables them, each audited and each revoking sessions", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const email = `new-${randomUUID()}@clinic.test`;
    expect(await createUserAction(IDLE, form({ name: "New Nurse", email, role: "NURSE", password: "a-long-password-123" }))).toMatchObject({ status: "ok" });
    const created = await testDb().user.findUniqueOrThrow({ where: { email } });
    expect(created.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await createUserAction(IDLE, form({ name: "Dup", email, role: "NURSE", password: "a-long-password-123" }))).toMatchObject({ fieldErrors: { email: expect.any(Array) } });
    expect(await createUserAction(IDLE, form({ name: "Short", email: `s-${email}`, role: "NURSE", password: "short" }))).toMatchObject({ fieldErrors: { password: expect.any(Array) } });

    expect(await changeRoleAction(IDLE, form({ userId: created.id, role: "STAFF" }))).toMatchObject({ status: "ok" });
    const after = await testDb().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.role).toBe("STAFF");
    expect(after.sessionVersion).toBe(created.sessionVersion + 1);
    expect(await setDisabledAction(IDLE, form({ userId: created.id, disabled: "true" }))).toMatchObject({ status: "ok" });
    const actions = (await testDb().auditEvent.findMany({ where: { entityId: created.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["user.create", "user.role_change", "user.disable"]);

    expect(await changeRoleAction(IDLE, form({ userId: admin.id, role: "NURSE" }))).toMatchObject({ status: "error", message: expect.stringContaining("your own") });
    expect(await setDisabledAction(IDLE, form({ userId: admin.id, disabled: "true" }))).toMatchObject({ status: "error" });
  });
});
