import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction, resetPasswordAction } from "@/app/(portal)/admin/users/actions";
import { giveSetupLinkAction } from "@/app/(portal)/approvals/account-actions";
import { IDLE } from "@/lib/validation/action-result";
import { newAccount } from "./account-helpers";
import { actAs, form, makeUser, testDb } from "./helpers";

const OWN_REQUEST = "You asked for this account's change: another dermatologist gives its setup link.";

/*
 * The two-person rule for accounts that see patient data: an administrator asks (creates the account, changes it
 * to such a role, resets its password), a dermatologist gives the link. A system token's rule holds whatever
 * role its asker takes up later: the administrator who created a client, or asked for its new token, cannot be
 * issued its token after becoming a dermatologist (token-approvals.test.ts, token-custody.test.ts). The setup
 * link has no such rule: an administrator who made a dermatologist's account (its email one they read) and is
 * later made a dermatologist gives that account its link alone, and so holds a second dermatologist's account,
 * under another name, through which the tokens of clients of their own making are issued to them (the token
 * rule names the creator's own account only). The administrator who asked for an account's access is not its
 * second person, whatever their role now.
 */
describe("the administrator who asked for an account's access, now a dermatologist", () => {
  it("cannot give that account its setup link: refused, nothing given", async () => {
    const asker = await makeUser("ADMIN");
    actAs(asker);
    const email = `own-request-${randomUUID()}@clinic.test`;
    expect(await createUserAction(IDLE, form({ name: "Dr Second Name", email, role: "DERMATOLOGIST" }))).toMatchObject({ status: "ok" });
    const account = await testDb().user.findUniqueOrThrow({ where: { email } });

    // Another administrator makes the asker a dermatologist (a dermatologist then gives the asker their own link).
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: asker.id, role: "DERMATOLOGIST", from: "ADMIN" }))).toMatchObject({ status: "ok" });

    actAs(asker);
    const given = await giveSetupLinkAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST" }));
    expect(given).toMatchObject({ status: "error", message: OWN_REQUEST });
    expect(given).not.toHaveProperty("reveal");
    expect(await testDb().setupLink.count({ where: { userId: account.id } })).toBe(0);
    expect(await testDb().auditEvent.count({ where: { action: "access.denied", actorId: asker.id } })).toBe(1);
  });

  it("cannot give the link of an account whose role they changed to one that sees patient data", async () => {
    const nurse = await makeUser("NURSE");
    const asker = await makeUser("ADMIN");
    actAs(asker);
    expect(await changeRoleAction(IDLE, form({ userId: nurse.id, role: "DERMATOLOGIST", from: "NURSE" }))).toMatchObject({ status: "ok" });
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: asker.id, role: "DERMATOLOGIST", from: "ADMIN" }))).toMatchObject({ status: "ok" });

    actAs(asker);
    expect(await giveSetupLinkAction(IDLE, form({ userId: nurse.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "error", message: OWN_REQUEST });
    expect(await testDb().setupLink.count({ where: { userId: nurse.id } })).toBe(0);
  });

  it("may give it when the account set a password after their request and another administrator asked since", async () => {
    const { admin, user } = await newAccount("NURSE");
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: admin.id, role: "DERMATOLOGIST", from: "ADMIN" }))).toMatchObject({ status: "ok" });
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).toMatchObject({ status: "ok" });

    actAs(admin);
    expect(await giveSetupLinkAction(IDLE, form({ userId: user.id, role: "NURSE" }))).toMatchObject({ status: "ok" });
  });
});
