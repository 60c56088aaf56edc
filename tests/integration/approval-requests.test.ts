import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction, resetPasswordAction } from "@/app/(portal)/admin/users/actions";
import { listAccountsAwaitingSetup } from "@/lib/data/account-approvals";
import { createUser, resetFromCommandLine } from "@/lib/data/users";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

/*
 * What a dermatologist decides a setup link on (Approvals): who asked for the account's access and when, and for a
 * role change the role before and after, read from the administrator's own audit row.
 */
const DERMATOLOGIST = { role: "DERMATOLOGIST" as const };
const email = () => `asked-${randomUUID()}@clinic.test`;

async function namedAdmin(name: string) {
  const admin = await makeUser("ADMIN");
  return testDb().user.update({ where: { id: admin.id }, data: { name } });
}

const waitingEntry = async (userId: string) => (await listAccountsAwaitingSetup(DERMATOLOGIST)).find((a) => a.id === userId)!;

describe("accounts waiting for their setup link say who asked, when, and for what", () => {
  it("a new account: the administrator who created it, with its role; then a role change: from which role to which, by whom", async () => {
    const creator = await namedAdmin(`Ada Creator ${randomUUID().slice(0, 4)}`);
    actAs(creator);
    const address = email();
    expect(await createUserAction(IDLE, form({ name: "Wen Park", email: address, role: "NURSE" }))).toMatchObject({ status: "ok" });
    const account = await testDb().user.findUniqueOrThrow({ where: { email: address } });
    const created = await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.create", entityId: account.id } });
    expect((await waitingEntry(account.id)).request).toEqual({
      action: "CREATED",
      by: creator.name,
      at: created.occurredAt,
      fromRole: null,
      toRole: "NURSE",
    });

    const changer = await namedAdmin(`Bo Changer ${randomUUID().slice(0, 4)}`);
    actAs(changer);
    expect(await changeRoleAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "ok" });
    const changed = await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.role_change", entityId: account.id } });
    expect((await waitingEntry(account.id)).request).toEqual({
      action: "ROLE_CHANGED",
      by: changer.name,
      at: changed.occurredAt,
      fromRole: "NURSE",
      toRole: "DERMATOLOGIST",
    });
  });

  it("a password reset: by the administrator, or from the command line (by no one); an account with no such record says none", async () => {
    const resetter = await namedAdmin(`Cy Resetter ${randomUUID().slice(0, 4)}`);
    const nurse = await makeUser("NURSE");
    await testDb().user.update({ where: { id: nurse.id }, data: { passwordHash: "set", passwordSetAt: new Date() } });
    actAs(resetter);
    expect(await resetPasswordAction(IDLE, form({ userId: nurse.id }))).toMatchObject({ status: "ok" });
    expect((await waitingEntry(nurse.id)).request).toMatchObject({ action: "PASSWORD_RESET", by: resetter.name, fromRole: null, toRole: null });

    const address = email();
    await createUser(null, { name: "Dana Cli", email: address, role: "STAFF" });
    await resetFromCommandLine(address);
    const cli = await testDb().user.findUniqueOrThrow({ where: { email: address } });
    expect((await waitingEntry(cli.id)).request).toMatchObject({ action: "PASSWORD_RESET", by: null });

    // Written outside the portal (no audit row): nothing to say who asked.
    const bare = await makeUser("NURSE");
    expect((await waitingEntry(bare.id)).request).toBeNull();
  });
});
