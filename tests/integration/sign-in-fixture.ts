import { generate } from "otplib";
import { confirmEnrollmentAction } from "@/app/(auth)/login/actions";
import { beginEnrollment } from "@/lib/data/second-factor";
import { IDLE } from "@/lib/validation/action-result";
import { GOOD, newAccount, signInAs } from "./account-helpers";
import { form, testDb } from "./helpers";

/**
 * A nurse whose clinic requires a second factor, at the recovery codes of a set-up made at sign-in: the user, the
 * waiting session's id, the form's `resume` value and the recovery codes shown. The caller's file mocks
 * @/lib/auth/config with ./claiming-auth, as the sign-in tests do.
 */
export async function atRecoveryCodes() {
  const { user, email } = await newAccount("NURSE");
  await testDb().securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: ["NURSE"] } });
  const waiting = await signInAs(email, GOOD);
  const { secret, pending } = beginEnrollment({ id: user.id, role: "NURSE", email }, waiting);
  const done = await confirmEnrollmentAction(IDLE, form({ pending, code: await generate({ secret }) }));
  if (done.status !== "ok" || !("resume" in done)) throw new Error(JSON.stringify(done));
  return { user, waiting, resume: done.resume, codes: done.reveal?.values ?? [] };
}
