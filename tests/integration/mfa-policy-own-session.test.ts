import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveMfaPolicyAction } from "@/app/(portal)/admin/users/policy-actions";
import { getCurrentUser } from "@/lib/auth/session";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { noneRequired } from "./account-helpers";

// The clinic policy is one row: each test starts from "not required" and leaves it so.
beforeEach(noneRequired);
afterEach(noneRequired);

const OWN_SESSION =
  "Administrator will need a second factor, and you have none set up: once this is saved, your own session waits until you set up two-step sign-in, and nothing else opens until then.";

/** An administrator signed in, without a second factor, on the users page. */
async function adminSignedIn(over: { enrolled?: boolean } = {}) {
  const admin = await makeUser("ADMIN");
  if (over.enrolled) await testDb().user.update({ where: { id: admin.id }, data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
  actAs(admin);
  const me = await getCurrentUser();
  expect(me).toMatchObject({ id: admin.id });
  return { admin, sessionId: me!.sessionId };
}
const policy = async () => (await testDb().securityPolicy.findUniqueOrThrow({ where: { id: 1 } })).mfaRequiredRoles;
const stageOf = async (id: string) => (await testDb().userSession.findUniqueOrThrow({ where: { id } })).stage;
const tokenIn = (state: ActionState) => (state.status === "confirm" ? state.warnings[0]!.token : "");

describe("requiring two-step sign-in of the saver's own role", () => {
  it("asks first, saying the saver's own session will wait for a second factor; nothing is saved until confirmed", async () => {
    const { admin, sessionId } = await adminSignedIn();
    const asked = await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["ADMIN", "DERMATOLOGIST"] }));
    expect(asked).toEqual({
      status: "confirm",
      message: "Saving this signs you out of everything but setting up two-step sign-in.",
      warnings: [{ code: "OWN_SESSION_WAITS", message: OWN_SESSION, token: expect.stringMatching(/^OWN_SESSION_WAITS:/) }],
      values: { form: "mfa-policy", roles: "ADMIN,DERMATOLOGIST" },
    });
    expect(await policy()).toEqual([]);
    expect(await stageOf(sessionId)).toBe("ACTIVE");
    expect(await testDb().auditEvent.count({ where: { action: "security.policy_update", actorId: admin.id } })).toBe(0);

    const saved = await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["ADMIN", "DERMATOLOGIST"], ack: tokenIn(asked) }));
    expect(saved).toMatchObject({
      status: "ok",
      message: expect.stringMatching(
        /^Saved\. Your own session( and \d+ other open sessions?)? now waits? for a second factor: set up two-step sign-in to go on\.$/,
      ),
      next: { href: "/login?next=%2Fadmin%2Fusers", label: "Set up two-step sign-in" },
    });
    expect(await policy()).toEqual(["ADMIN", "DERMATOLOGIST"]);
    expect(await stageOf(sessionId)).toBe("ENROLL");
  });

  it("a confirmation the form was not asked for is refused, and saves nothing", async () => {
    const { sessionId } = await adminSignedIn();
    expect(await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["ADMIN"], ack: "WEIGHT_FAR_FROM_RECORDED:0123456789abcdef" }))).toMatchObject({
      status: "error",
      fieldErrors: { ack: ["Not a confirmation this form asks for: reload the page and try again."] },
    });
    expect(await policy()).toEqual([]);
    expect(await stageOf(sessionId)).toBe("ACTIVE");
  });

  it("is not asked of an administrator who has a second factor, nor for roles other than the saver's", async () => {
    const { sessionId } = await adminSignedIn({ enrolled: true });
    expect(await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["ADMIN"] }))).toMatchObject({ status: "ok" });
    expect(await stageOf(sessionId)).toBe("ACTIVE");
    await noneRequired();
    const other = await adminSignedIn();
    expect(await saveMfaPolicyAction(IDLE, form({ form: "mfa-policy", roles: ["NURSE"] }))).toMatchObject({ status: "ok" });
    expect(await stageOf(other.sessionId)).toBe("ACTIVE");
  });
});
