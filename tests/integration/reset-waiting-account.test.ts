import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeRoleAction, createUserAction, resetPasswordAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { readSetupLink } from "@/lib/data/setup-links";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { linkFromDermatologist, newAccount, noneRequired, tokenOf } from "./account-helpers";

beforeEach(noneRequired);
afterEach(noneRequired);

const email = () => `waiting-${randomUUID()}@clinic.test`;
const auditOf = (userId: string) => testDb().auditEvent.findMany({ where: { entityId: userId }, orderBy: { id: "asc" }, select: { action: true } });

/** Office staff made by an administrator, waiting for the setup link a dermatologist gave them. */
async function waitingWithLink() {
  const admin = await makeUser("ADMIN");
  actAs(admin);
  const address = email();
  expect(await createUserAction(IDLE, form({ name: "Pat Lowe", email: address, role: "STAFF" }))).toMatchObject({ status: "ok" });
  const pat = await testDb().user.findUniqueOrThrow({ where: { email: address } });
  const token = await linkFromDermatologist(pat.id);
  actAs(admin);
  return { admin, pat, token };
}

describe("a password reset of an account that has no password yet", () => {
  it("is refused for an account waiting for a dermatologist's link: the link keeps working and nothing is recorded", async () => {
    const { pat, token } = await waitingWithLink();
    const before = await auditOf(pat.id);
    expect(await resetPasswordAction(IDLE, form({ userId: pat.id }))).toEqual({
      status: "error",
      message:
        "This account has no password yet: it is waiting for the setup link a dermatologist gives, under Approvals. A reset would only withdraw that link.",
      values: { userId: pat.id },
    });
    expect(await readSetupLink(token)).toMatchObject({ ok: true, email: pat.email });
    expect(await auditOf(pat.id)).toEqual(before);
  });

  it("gives an administrator's account waiting for its link a new one, said as such; the link made before reads replaced", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const address = email();
    const first = tokenOf(await createUserAction(IDLE, form({ name: "Ada Quinn", email: address, role: "ADMIN" })));
    const user = await testDb().user.findUniqueOrThrow({ where: { email: address } });
    const answer = await resetPasswordAction(IDLE, form({ userId: user.id }));
    expect(answer).toMatchObject({ status: "ok", message: "New setup link made. The link made before no longer works." });
    expect(await readSetupLink(first)).toEqual({ ok: false, reason: "replaced" });
    expect(await readSetupLink(tokenOf(answer))).toMatchObject({ ok: true, email: address });
  });

  it("of an account with a password still says the old password stops working", async () => {
    const { admin, user } = await newAccount("STAFF");
    actAs(admin);
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).toEqual({
      status: "ok",
      message: "Password reset. The old password no longer works. A dermatologist gives the user their setup link, under Approvals.",
    });
  });
});

describe("a setup link that stopped working says why", () => {
  it("replaced by a newer link, or withdrawn by a change of role or a disabled account", async () => {
    const { pat, token } = await waitingWithLink();
    const newer = await linkFromDermatologist(pat.id);
    expect(await readSetupLink(token)).toEqual({ ok: false, reason: "replaced" });

    actAs(await makeUser("ADMIN"));
    expect(await changeRoleAction(IDLE, form({ userId: pat.id, role: "NURSE", from: "STAFF" }))).toMatchObject({ status: "ok" });
    expect(await readSetupLink(newer)).toEqual({ ok: false, reason: "role_change" });

    const other = await waitingWithLink();
    expect(await setDisabledAction(IDLE, form({ userId: other.pat.id, disabled: "true" }))).toMatchObject({ status: "ok" });
    expect(await setDisabledAction(IDLE, form({ userId: other.pat.id, disabled: "false" }))).toMatchObject({ status: "ok" });
    expect(await readSetupLink(other.token)).toEqual({ ok: false, reason: "account_disabled" });
  });

  it("withdrawn by a password reset, for a link still open when the account had a password (as a reset before this rule left one)", async () => {
    const { admin, user } = await newAccount("NURSE");
    // A link given while the account waited, left open when a password was set meanwhile.
    await testDb().user.update({ where: { id: user.id }, data: { passwordHash: null, passwordSetAt: null } });
    const token = await linkFromDermatologist(user.id);
    await testDb().user.update({ where: { id: user.id }, data: { passwordHash: "set meanwhile", passwordSetAt: new Date() } });
    actAs(admin);
    expect(await resetPasswordAction(IDLE, form({ userId: user.id }))).toMatchObject({ status: "ok" });
    expect(await readSetupLink(token)).toEqual({ ok: false, reason: "password_reset" });
  });
});
