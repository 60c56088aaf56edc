import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { createUserAction } from "@/app/(portal)/admin/users/actions";
import { completeSetupAction } from "@/app/(auth)/setup/[token]/actions";
import { giveSetupLinkAction } from "@/app/(portal)/approvals/account-actions";
import { checkCredentials } from "@/lib/auth/login";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";
import { sessionState } from "./setup";

/** Accounts as users meet them: set up through a link, signed in with the password (accounts and second-factor tests). */

export const GOOD = "correct horse battery staple";
export const LINK_GONE =
  "This link no longer works: it was used, has expired, or was replaced or withdrawn. Ask the person who gave it to you for a new one: a dermatologist for a dermatologist's, nurse's or office staff account, an administrator for an administrator's.";

export const tokenOf = (state: ActionState) => {
  if (state.status !== "ok" || !state.reveal) throw new Error(`no link in ${JSON.stringify(state)}`);
  return state.reveal.values[0]!.replace("/setup/", "");
};
export const sessionsOf = (userId: string) =>
  testDb().userSession.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, stage: true, revokedWhy: true } });
/** Signs in with the password as the login form does and makes that session the caller's. */
export async function signInAs(email: string, password: string) {
  const result = await checkCredentials(email, password, "198.51.100.20");
  if (!result.ok) throw new Error("sign-in refused");
  sessionState.current = { userId: result.user.id, sid: result.user.sid };
  return result.user.sid;
}
/** The setup link a dermatologist gives an account that sees patient data (Approvals, for the role it shows), as its token. */
export async function linkFromDermatologist(userId: string) {
  const { role } = await testDb().user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
  actAs(await makeUser("DERMATOLOGIST"));
  const token = tokenOf(await giveSetupLinkAction(IDLE, form({ userId, role })));
  actAs(null);
  return token;
}

/** An account made by an administrator and set up by its user with the link a dermatologist gave. */
export async function newAccount(role: "NURSE" | "DERMATOLOGIST" | "STAFF" = "NURSE") {
  const admin = await makeUser("ADMIN");
  actAs(admin);
  const email = `acct-${randomUUID()}@clinic.test`;
  expect(await createUserAction(IDLE, form({ name: "Robin Vale", email, role }))).toEqual({
    status: "ok",
    message: "Account created for Robin Vale. A dermatologist gives the user their setup link, under Approvals.",
  });
  const created = await testDb().user.findUniqueOrThrow({ where: { email } });
  const token = await linkFromDermatologist(created.id);
  expect(await callAction(() => completeSetupAction(IDLE, form({ token, password: GOOD, confirm: GOOD })))).toEqual({ redirect: "/login?password=set" });
  const user = await testDb().user.findUniqueOrThrow({ where: { email } });
  return { admin, user, email };
}

/** The clinic policy is one row: each test starts from "not required" and leaves it so. */
export const noneRequired = () => testDb().securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: [] } });
