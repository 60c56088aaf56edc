import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction } from "@/app/(portal)/admin/users/actions";
import { giveSetupLinkAction } from "@/app/(portal)/approvals/account-actions";
import { listAccountsAwaitingSetup } from "@/lib/data/account-approvals";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

/*
 * A dermatologist gives an account its setup link after a confirmation naming the person and the role the
 * Approvals page showed ("Give a setup link for Jane, Nurse? Whoever holds it ... sees patient data in that
 * role"). The form sends the account's id only, so the link is given for whatever role the account has when
 * it is submitted: an administrator who changes the role between the page and the confirmation (a nurse made a
 * dermatologist, who approves system tokens and gives setup links) has the dermatologist hand over a
 * dermatologist's access believing it a nurse's. An administrator's own role change is refused when the role
 * it confirmed changed meanwhile (changeRole's `from`); the dermatologist's link must be too: the form sends the
 * role it showed, and a link is given only while the account still has it.
 */
describe("a setup link is given for the role the dermatologist confirmed", () => {
  it("refused, with nothing given, when an administrator changed the account's role after the page showed it", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const email = `role-race-${randomUUID()}@clinic.test`;
    expect(await createUserAction(IDLE, form({ name: "Jane Okafor", email, role: "NURSE" }))).toMatchObject({ status: "ok" });
    const account = await testDb().user.findUniqueOrThrow({ where: { email } });

    const dermatologist = await makeUser("DERMATOLOGIST");
    actAs(dermatologist);
    const shown = (await listAccountsAwaitingSetup(dermatologist)).find((a) => a.id === account.id);
    expect(shown?.role).toBe("NURSE");

    // Meanwhile the administrator makes the account a dermatologist's.
    actAs(admin);
    expect(await changeRoleAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST", from: "NURSE" }))).toMatchObject({ status: "ok" });

    // The dermatologist confirms "Jane Okafor, Nurse" and sends the form, with the role the page showed.
    actAs(dermatologist);
    const given = await giveSetupLinkAction(IDLE, form({ userId: account.id, role: shown!.role }));
    expect(given).toMatchObject({ status: "error", message: "This account's role changed since you opened the page: check it again." });
    expect(given).not.toHaveProperty("reveal");
    expect(await testDb().setupLink.count({ where: { userId: account.id } })).toBe(0);
  });
});
