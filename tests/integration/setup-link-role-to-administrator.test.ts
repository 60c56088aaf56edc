import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import SetupPage from "@/app/(auth)/setup/[token]/page";
import { changeRoleAction, createUserAction } from "@/app/(portal)/admin/users/actions";
import { completeSetupLink, readSetupLink } from "@/lib/data/setup-links";
import { IDLE } from "@/lib/validation/action-result";
import { GOOD, linkFromDermatologist, noneRequired } from "./account-helpers";
import { actAs, form, makeUser, testDb } from "./helpers";

beforeEach(noneRequired);
afterEach(noneRequired);

/*
 * A setup link a dermatologist gave an account that sees patient data stands for that role. Changed to an
 * administrator's account (which sees none), the account's open link ends with the role change, in its transaction,
 * and its page says why: otherwise whoever holds the link would set up an administrator's account a dermatologist
 * never gave.
 */
async function staffWaitingWithLink() {
  const admin = await makeUser("ADMIN");
  actAs(admin);
  const email = `to-admin-${randomUUID()}@clinic.test`;
  expect(await createUserAction(IDLE, form({ name: "Lee Marsh", email, role: "STAFF" }))).toMatchObject({ status: "ok" });
  const user = await testDb().user.findUniqueOrThrow({ where: { email } });
  const token = await linkFromDermatologist(user.id);
  actAs(admin);
  return { admin, user, token };
}

const linkOf = (userId: string) => testDb().setupLink.findFirstOrThrow({ where: { userId }, select: { replacedAt: true, endedWhy: true, usedAt: true } });
const roleChanges = (userId: string) =>
  testDb().auditEvent.findMany({ where: { action: "user.role_change", entityId: userId }, orderBy: { id: "asc" }, select: { changes: true } });

describe("a setup link a dermatologist gave, when the account is made an administrator's", () => {
  it("ends with the role change, says why on its page, and sets no password", async () => {
    const { user, token } = await staffWaitingWithLink();
    expect(await readSetupLink(token)).toMatchObject({ ok: true });

    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "ADMIN", from: "STAFF" }))).toEqual({
      status: "ok",
      message:
        "Role changed. The user's open sessions have ended, and the setup link they were given no longer works: make them a new one here if they still need it.",
    });
    const link = await linkOf(user.id);
    expect([link.replacedAt === null, link.endedWhy, link.usedAt]).toEqual([false, "ROLE_CHANGE", null]);
    expect(await roleChanges(user.id)).toEqual([{ changes: { role: { from: "STAFF", to: "ADMIN" }, setupLinkWithdrawn: true } }]);

    expect(await readSetupLink(token)).toEqual({ ok: false, reason: "role_change" });
    const page = renderToStaticMarkup(await SetupPage({ params: Promise.resolve({ token }) }));
    expect(page).toContain("This link was withdrawn: an administrator changed the account&#x27;s role after it was given.");
    expect(await completeSetupLink(token, GOOD)).toEqual({ ok: false, reason: "role_change" });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });

  it("stays open when the role change is refused: nothing of it is written", async () => {
    const { user, token } = await staffWaitingWithLink();
    // The page showed another role than the account has: refused, the link untouched.
    expect(await changeRoleAction(IDLE, form({ userId: user.id, role: "ADMIN", from: "NURSE" }))).toMatchObject({ status: "error" });
    expect(await readSetupLink(token)).toMatchObject({ ok: true, email: user.email });
    expect(await linkOf(user.id)).toEqual({ replacedAt: null, endedWhy: null, usedAt: null });
    expect(await roleChanges(user.id)).toEqual([]);
  });
});
