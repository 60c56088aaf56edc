import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeOwnPasswordAction } from "@/app/(portal)/account/actions";
import { changeRoleAction, createUserAction, resetPasswordAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { giveSetupLinkAction } from "@/app/(portal)/approvals/account-actions";
import { completeSetupAction } from "@/app/(auth)/setup/[token]/actions";
import { checkCredentials } from "@/lib/auth/login";
import { listAccountsAwaitingSetup } from "@/lib/data/account-approvals";
import { issueSetupLink, readSetupLink } from "@/lib/data/setup-links";
import { resetFromCommandLine } from "@/lib/data/users";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";
import { GOOD, LINK_GONE, noneRequired, signInAs, tokenOf } from "./account-helpers";
import { meetAtLocks } from "./lock-helpers";

beforeEach(noneRequired);
afterEach(noneRequired);

const FROM_DERMATOLOGIST = "A dermatologist gives the user their setup link, under Approvals.";
const setUp = (token: string, password = GOOD) => callAction(() => completeSetupAction(IDLE, form({ token, password, confirm: password })));
const byEmail = (email: string) => testDb().user.findUniqueOrThrow({ where: { email } });
const email = () => `approval-${randomUUID()}@clinic.test`;

/** An administrator's account which an administrator made and set up itself, as its link allows (it sees no patient data). */
async function accountTheAdministratorHolds() {
  const admin = await makeUser("ADMIN");
  actAs(admin);
  const own = email();
  const created = await createUserAction(IDLE, form({ name: "Held Account", email: own, role: "ADMIN" }));
  actAs(null);
  expect(await setUp(tokenOf(created))).toEqual({ redirect: "/login?password=set" });
  return { admin, own, account: await byEmail(own) };
}

/**
 * The two-person rule for accounts (README, "Security"): an administrator alone never holds a way into an
 * account that sees patient data; a dermatologist gives its setup link.
 */
describe("accounts that see patient data", () => {
  it("are made by an administrator without a link; a dermatologist gives the link, which sets the account up once", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const derm = email();
    expect(await createUserAction(IDLE, form({ name: "Noor Haddad", email: derm, role: "DERMATOLOGIST" }))).toEqual({
      status: "ok",
      message: `Account created for Noor Haddad. ${FROM_DERMATOLOGIST}`,
    });
    const account = await byEmail(derm);
    expect(await testDb().setupLink.count({ where: { userId: account.id } })).toBe(0);
    // Nor can a reset by the administrator give one: refused, the account waits for a dermatologist's link.
    expect(await resetPasswordAction(IDLE, form({ userId: account.id }))).toMatchObject({ status: "error" });
    expect(await testDb().setupLink.count({ where: { userId: account.id } })).toBe(0);

    const approver = await makeUser("DERMATOLOGIST");
    actAs(approver);
    const waiting = (await listAccountsAwaitingSetup(approver)).find((a) => a.id === account.id);
    expect(waiting).toMatchObject({ name: "Noor Haddad", email: derm, role: "DERMATOLOGIST", kind: "NEW", openLink: null });
    const given = await giveSetupLinkAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST" }));
    expect(given).toMatchObject({ status: "ok", reveal: { values: [expect.stringMatching(/^\/setup\/[A-Za-z0-9_-]{43}$/)] } });
    expect((await listAccountsAwaitingSetup(approver)).find((a) => a.id === account.id)?.openLink).toMatchObject({ givenBy: approver.name });
    const link = await testDb().setupLink.findFirstOrThrow({ where: { userId: account.id } });
    expect([link.createdById, link.purpose]).toEqual([approver.id, "NEW_ACCOUNT"]);

    actAs(null);
    expect(await setUp(tokenOf(given))).toEqual({ redirect: "/login?password=set" });
    expect((await checkCredentials(derm, GOOD, null)).ok).toBe(true);
    // Set up: no longer waiting, and no further link is given.
    actAs(approver);
    expect((await listAccountsAwaitingSetup(approver)).some((a) => a.id === account.id)).toBe(false);
    expect(await giveSetupLinkAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST" }))).toMatchObject({
      status: "error",
      message: "This account is not waiting for a setup link: it has a password, is disabled, or is an administrator's.",
    });
    expect(await testDb().setupLink.count({ where: { userId: account.id } })).toBe(1);
  });

  it("an account the administrator set up itself, changed to a clinical role, loses its password and second factor", async () => {
    const { admin, own, account } = await accountTheAdministratorHolds();
    await testDb().user.update({ where: { id: account.id }, data: { totpSecret: "held-by-the-administrator", totpEnabledAt: new Date() } });
    expect((await checkCredentials(own, GOOD, null)).ok).toBe(true);

    actAs(admin);
    expect(await changeRoleAction(IDLE, form({ userId: account.id, role: "DERMATOLOGIST" }))).toEqual({
      status: "ok",
      message: "Role changed. The user's sessions, password and second factor have ended: a dermatologist gives the user their setup link, under Approvals.",
    });
    expect((await checkCredentials(own, GOOD, null)).ok).toBe(false);
    expect(await byEmail(own)).toMatchObject({ role: "DERMATOLOGIST", passwordHash: null, totpSecret: null, totpEnabledAt: null });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.role_change", entityId: account.id } });
    expect(audit.changes).toEqual({ role: { from: "ADMIN", to: "DERMATOLOGIST" }, credentialsEnded: true });
    // The link it used is spent; the next comes from a dermatologist, as a reset account's.
    const derm = await makeUser("DERMATOLOGIST");
    expect((await listAccountsAwaitingSetup(derm)).find((a) => a.id === account.id)).toMatchObject({ kind: "RESET" });
  });

  it("a password its user changes while an administrator moves the account to a clinical role does not survive the change", async () => {
    const { own, account } = await accountTheAdministratorHolds();
    await signInAs(own, GOOD);
    const chosen = "a password kept through the change";
    // The role change is committed while the password change is between its check and its save.
    const [answer] = await meetAtLocks(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM users WHERE id = ${account.id}::uuid FOR UPDATE`;
        await tx.user.update({ where: { id: account.id }, data: { role: "NURSE", passwordHash: null, passwordSetAt: null } });
      },
      [() => changeOwnPasswordAction(IDLE, form({ current: GOOD, password: chosen, confirm: chosen }))],
    );
    expect(answer).toMatchObject({ status: "error", message: expect.stringContaining("was changed while you were saving") });
    expect(await byEmail(own)).toMatchObject({ role: "NURSE", passwordHash: null });
    expect((await checkCredentials(own, chosen, null)).ok).toBe(false);
  });

  it("a link an administrator made opens no account that sees patient data (one made before the rule, say)", async () => {
    const admin = await makeUser("ADMIN");
    const nurse = await makeUser("NURSE");
    // As an administrator's reset made links before dermatologists gave them.
    const token = await testDb().$transaction((tx) => issueSetupLink(tx, admin, nurse.id, "NEW_ACCOUNT"));
    expect(await readSetupLink(token)).toEqual({ ok: false, reason: "unknown" });
    expect(await completeSetupAction(IDLE, form({ token, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: nurse.id } })).passwordHash).toBeNull();
  });

  it("a change between roles that see no patient data keeps the credentials", async () => {
    const admin = await makeUser("ADMIN");
    const nurse = await makeUser("NURSE");
    await testDb().user.update({ where: { id: nurse.id }, data: { passwordHash: "kept", passwordSetAt: new Date() } });
    actAs(admin);
    // To an administrator: no patient data, nothing to approve.
    expect(await changeRoleAction(IDLE, form({ userId: nurse.id, role: "ADMIN" }))).toEqual({
      status: "ok",
      message: "Role changed. The user's open sessions have ended.",
    });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: nurse.id } })).passwordHash).toBe("kept");
  });

  it("a dermatologist cannot give a link to their own account, a disabled one or an administrator's", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const disabled = await makeUser("NURSE", { disabled: true });
    const admin = await makeUser("ADMIN");
    actAs(derm);
    expect(await giveSetupLinkAction(IDLE, form({ userId: derm.id, role: "DERMATOLOGIST" }))).toMatchObject({
      status: "error",
      message: "Another dermatologist gives you your own setup link.",
    });
    for (const other of [disabled, admin])
      expect(await giveSetupLinkAction(IDLE, form({ userId: other.id, role: other.role }))).toMatchObject({
        status: "error",
        message: expect.stringContaining("not waiting"),
      });
    expect(await testDb().setupLink.count({ where: { userId: { in: [derm.id, disabled.id, admin.id] } } })).toBe(0);
  });

  it("a new link from a dermatologist replaces the one given before", async () => {
    const nurse = await makeUser("NURSE");
    actAs(await makeUser("DERMATOLOGIST"));
    const first = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: nurse.id, role: "NURSE" })));
    const second = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: nurse.id, role: "NURSE" })));
    actAs(null);
    expect(await completeSetupAction(IDLE, form({ token: first, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    expect(await setUp(second)).toEqual({ redirect: "/login?password=set" });
  });

  it("the links a dermatologist gave stop when that dermatologist is disabled or leaves the role; links used or given by others stay", async () => {
    const [giver, other] = [await makeUser("DERMATOLOGIST"), await makeUser("DERMATOLOGIST")];
    const [a, b, c] = [await makeUser("NURSE"), await makeUser("NURSE"), await makeUser("NURSE")];
    actAs(giver);
    const fromGiver = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: a.id, role: "NURSE" })));
    actAs(other);
    const fromOther = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: b.id, role: "NURSE" })));
    actAs(await makeUser("ADMIN"));
    expect(await setDisabledAction(IDLE, form({ userId: giver.id, disabled: "true" }))).toMatchObject({ status: "ok" });
    expect(await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.disable", entityId: giver.id } })).toMatchObject({ changes: { linksEnded: 1 } });
    actAs(null);
    expect(await completeSetupAction(IDLE, form({ token: fromGiver, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
    expect(await setUp(fromOther)).toEqual({ redirect: "/login?password=set" });

    // A dermatologist moved to another role: the same.
    actAs(other);
    const fromOtherAgain = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: c.id, role: "NURSE" })));
    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: other.id, role: "NURSE" }))).toMatchObject({ status: "ok" });
    actAs(null);
    expect(await completeSetupAction(IDLE, form({ token: fromOtherAgain, password: GOOD, confirm: GOOD }))).toEqual({ status: "error", message: LINK_GONE });
  });

  it("the operator's command line gives a link to any enabled account, recorded with no user", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    await testDb().user.update({ where: { id: derm.id }, data: { passwordHash: "old", passwordSetAt: new Date() } });
    expect(await resetFromCommandLine("nobody@clinic.test")).toBeNull();
    const token = await resetFromCommandLine(derm.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await testDb().user.findUniqueOrThrow({ where: { id: derm.id } })).passwordHash).toBeNull();
    const rows = await testDb().auditEvent.findMany({ where: { entityId: derm.id }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
    expect(rows).toEqual([
      { action: "user.password_reset", actorId: null },
      { action: "user.setup_link_created", actorId: null },
    ]);
    expect(await setUp(token!)).toEqual({ redirect: "/login?password=set" });
  });
});

describe("setup links stand on their giver's standing", () => {
  it("a link given by a dermatologist who is disabled (as before the upgrade: no link ended then) opens no account", async () => {
    const giver = await makeUser("DERMATOLOGIST");
    const nurse = await makeUser("NURSE");
    actAs(giver);
    const token = tokenOf(await giveSetupLinkAction(IDLE, form({ userId: nurse.id, role: "NURSE" })));
    // The dermatologist's account disabled by a release that did not end the links it gave (the rows stand as
    // they were: unused, not replaced). The rule is read when the link is used, or such links keep working.
    await testDb().user.update({ where: { id: giver.id }, data: { disabled: true } });
    actAs(null);
    // Refused as a link gone.
    expect(await callAction(() => completeSetupAction(IDLE, form({ token, password: GOOD, confirm: GOOD })))).toEqual({
      state: { status: "error", message: LINK_GONE },
    });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: nurse.id } })).passwordHash).toBeNull();
  });
});
