import { describe, expect, it } from "vitest";
import { changeRoleAction, resetPasswordAction, resetSecondFactorAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

/**
 * An administrator's change that would change nothing, or that the page it was confirmed on no longer
 * describes, or that a disabled account could not use, is refused: no audit row, no session ended, no
 * credential touched.
 */

/** A user with an open session (as if signed in), and the administrator acting on them. */
async function signedIn(role: "STAFF" | "NURSE" | "ADMIN" | "DERMATOLOGIST") {
  const user = await makeUser(role);
  actAs(user);
  expect(await getCurrentUser()).toMatchObject({ id: user.id });
  const admin = await makeUser("ADMIN");
  actAs(admin);
  return { user, admin };
}

const auditOf = (userId: string) => testDb().auditEvent.findMany({ where: { entityId: userId }, select: { action: true } });
const sessionsOf = (userId: string) => testDb().userSession.findMany({ where: { userId }, select: { revokedWhy: true } });
const credentialsOf = (userId: string) =>
  testDb().user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, passwordHash: true, passwordSetAt: true, totpEnabledAt: true } });

describe("changing a role", () => {
  it("to the role the account has already is refused on the field, and ends nothing", async () => {
    const { user } = await signedIn("STAFF");
    const before = await credentialsOf(user.id);
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "STAFF", from: "STAFF" }))).toEqual({
      status: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: { role: ["This account is Office staff already: choose another role to change it."] },
      values: { userId: user.id, role: "STAFF", from: "STAFF" },
    });
    // Without the role the page showed, as an older page sends it: refused the same way.
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "STAFF" }))).toMatchObject({
      fieldErrors: { role: ["This account is Office staff already: choose another role to change it."] },
    });
    expect(await auditOf(user.id)).toEqual([]);
    expect(await sessionsOf(user.id)).toEqual([{ revokedWhy: null }]);
    expect(await credentialsOf(user.id)).toEqual(before);
  });

  it("from a role the account no longer has (changed meanwhile) is refused: what was confirmed is not what would happen", async () => {
    const { user } = await signedIn("ADMIN");
    const before = await credentialsOf(user.id);
    // The page showed Office staff; the account is an administrator's now: to Nurse would also end its password.
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "NURSE", from: "STAFF" }))).toEqual({
      status: "error",
      message: "This account's role was changed meanwhile: it is Administrator now. Reload the page to see it, then choose again.",
      values: { userId: user.id, role: "NURSE", from: "STAFF" },
    });
    expect(await auditOf(user.id)).toEqual([]);
    expect(await sessionsOf(user.id)).toEqual([{ revokedWhy: null }]);
    expect(await credentialsOf(user.id)).toEqual(before);
  });

  it("to another role from the one shown changes it, ends the sessions and is audited once", async () => {
    const { user } = await signedIn("STAFF");
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "ADMIN", from: "STAFF" }))).toEqual({
      status: "ok",
      message: "Role changed. The user's open sessions have ended.",
    });
    expect(await auditOf(user.id)).toEqual([{ action: "user.role_change" }]);
    expect(await sessionsOf(user.id)).toEqual([{ revokedWhy: "role_change" }]);
  });

  it("of a disabled account is allowed, and says the account stays disabled", async () => {
    const user = await makeUser("STAFF", { disabled: true });
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "ADMIN", from: "STAFF" }))).toEqual({
      status: "ok",
      message: "Role changed. The account stays disabled until it is enabled.",
    });
    expect((await credentialsOf(user.id)).role).toBe("ADMIN");
  });
});

describe("resets of a disabled account", () => {
  const ENABLE_FIRST = "Enable the account first: a disabled account cannot sign in, nor use a setup link.";

  it("a password reset is refused: no link that could not work, no audit row, the password kept", async () => {
    // An administrator's account: its reset would hand the link to the administrator.
    const { user } = await signedIn("ADMIN");
    expect(await setDisabledAction(IDLE, form({ userId: user.id, disabled: "true" }))).toMatchObject({ status: "ok" });
    const links = await testDb().setupLink.count({ where: { userId: user.id } });
    const before = await credentialsOf(user.id);
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).toEqual({ status: "error", message: ENABLE_FIRST, values: { userId: user.id } });
    expect(await auditOf(user.id)).toEqual([{ action: "user.disable" }]);
    expect(await testDb().setupLink.count({ where: { userId: user.id } })).toBe(links);
    expect(await credentialsOf(user.id)).toEqual(before);
    expect(await sessionsOf(user.id)).toEqual([{ revokedWhy: "disabled" }]);

    // Enabled again, the reset gives a link at once.
    expect(await setDisabledAction(IDLE, form({ userId: user.id, disabled: "false" }))).toMatchObject({ status: "ok" });
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).toMatchObject({
      status: "ok",
      reveal: { values: [expect.stringMatching(/^\/setup\//)] },
    });
  });

  it("a second factor's reset is refused too", async () => {
    const user = await makeUser("NURSE", { disabled: true });
    const enabledAt = new Date("2026-11-01T12:00:00Z");
    await testDb().user.update({ where: { id: user.id }, data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: enabledAt } });
    actAs(await makeUser("ADMIN"));
    expect(await resetSecondFactorAction(IDLE, form({ userId: user.id }))).toEqual({ status: "error", message: ENABLE_FIRST, values: { userId: user.id } });
    expect(await auditOf(user.id)).toEqual([]);
    expect((await credentialsOf(user.id)).totpEnabledAt).toEqual(enabledAt);
  });
});
