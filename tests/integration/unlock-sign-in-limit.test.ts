import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unlockSignInAction } from "@/app/(portal)/admin/users/unlock-actions";
import { claimPasswordCheck, THROTTLE } from "@/lib/auth/throttle";
import { unlockUserSignIn } from "@/lib/data/unlock-sign-in";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makeUser, testDb } from "./helpers";

/*
 * An administrator's "Unlock sign-in" clears an account's password-attempt throttle. For an account that sees
 * patient data it may do so 3 times in 24 hours (whichever administrators unlock it): beyond, the unlock is refused
 * with a sentence saying why, nothing is cleared, and the refusal is recorded as an access attempt, as other
 * refusals a rule makes are. The throttle's own waits end by themselves, so the clinician is never kept out.
 */
const SPENT =
  "This account's sign-in was unlocked 3 times in the last 24 hours, the most for an account that sees patient data: another unlock would let its password be guessed faster. It unlocks by itself when its wait ends.";
const unlocks = (userId: string) => testDb().auditEvent.count({ where: { action: "user.unlock_sign_in", entityId: userId } });
const denials = (userId: string) =>
  testDb().auditEvent.findMany({ where: { action: "access.denied", actorId: userId }, select: { entityType: true, entityId: true, changes: true } });

/** Wrong passwords from one address until the account's sign-in there is locked (its password checks held). */
async function lockOut(email: string, ip = `203.0.113.${Math.floor(Math.random() * 250)}`) {
  for (let i = 0; i < THROTTLE.maxChecksPerAccountAndIp; i++) expect(await claimPasswordCheck(email, ip)).toBe(true);
  expect(await claimPasswordCheck(email, ip)).toBe(false);
  return ip;
}

describe("an administrator's unlocks of a clinical account's sign-in are limited", () => {
  it("3 unlocks in 24 hours, by any administrators; the 4th is refused, clears nothing, and is recorded as an attempt", async () => {
    expect(THROTTLE.maxUnlocksPerDay).toBe(3);
    const nurse = await makeUser("NURSE");
    const [first, second] = [await makeUser("ADMIN"), await makeUser("ADMIN")];
    for (const admin of [first, second, first]) {
      await lockOut(nurse.email);
      actAs(admin);
      expect(await unlockSignInAction(IDLE, form({ userId: nurse.id }))).toEqual({ status: "ok", message: "Sign-in unlocked." });
    }
    const ip = await lockOut(nurse.email);
    const before = await countRows();
    actAs(second);
    expect(await unlockSignInAction(IDLE, form({ userId: nurse.id }))).toMatchObject({ status: "error", message: SPENT });
    expect(await countRows()).toEqual(before);
    expect(await unlocks(nurse.id)).toBe(3);
    expect(await denials(second.id)).toEqual([{ entityType: "Action", entityId: "users.manage", changes: { refusedBy: "rule" } }]);
    // Still locked at that address: the throttle stands.
    expect(await claimPasswordCheck(nurse.email, ip)).toBe(false);
  });

  it("counts again from unlocks within the last 24 hours: a day after them, an unlock is allowed", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const admin = await makeUser("ADMIN");
    for (let i = 0; i < 3; i++) await unlockUserSignIn(admin, derm.id);
    await expect(unlockUserSignIn(admin, derm.id)).rejects.toThrow(SPENT);
    // The audit trail's clock is the database's: a day and a minute after now there.
    const [database] = await testDb().$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const dayLater = new Date(database!.now.getTime() + 24 * 60 * 60_000 + 60_000);
    expect(await unlockUserSignIn(admin, derm.id, dayLater)).toBe(0);
    expect(await unlocks(derm.id)).toBe(4);
  });

  it("two administrators unlocking at once past the third: exactly one is allowed", async () => {
    const staff = await makeUser("STAFF");
    const [a, b] = [await makeUser("ADMIN"), await makeUser("ADMIN")];
    for (let i = 0; i < 2; i++) await unlockUserSignIn(a, staff.id);
    const results = await Promise.allSettled([unlockUserSignIn(a, staff.id), unlockUserSignIn(b, staff.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []))).toEqual([SPENT]);
    expect(await unlocks(staff.id)).toBe(3);
  });

  it("an administrator's account, which sees no patient data, is not limited", async () => {
    const other = await makeUser("ADMIN");
    const admin = await makeUser("ADMIN");
    for (let i = 0; i < 4; i++) await unlockUserSignIn(admin, other.id);
    expect(await unlocks(other.id)).toBe(4);
  });

  it("an unknown account is still not found", async () => {
    await expect(unlockUserSignIn(await makeUser("ADMIN"), randomUUID())).rejects.toThrow("That account no longer exists.");
  });
});
