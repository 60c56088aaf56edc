import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, NON_CLINICAL_ACTIONS } from "./audit-actions";

/** Whose change records administrators read whole; every other action shows them field names only. */
const READ_WHOLE = [
  "auth.login",
  "auth.login_failed",
  "auth.login_throttled",
  "auth.logout",
  "audit.view",
  "user.create",
  "user.role_change",
  "user.disable",
  "user.enable",
  "user.unlock_sign_in",
  "settings.update",
  "seed.demo_clinic",
  "seed.large_clinic",
  "patient.view",
  "patients.view_list",
];

describe("audit actions", () => {
  it("are listed once each, as group.event in lower case", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it("show administrators clinical values of no clinical event", () => {
    expect(AUDIT_ACTIONS.filter((a) => NON_CLINICAL_ACTIONS.test(a))).toEqual(READ_WHOLE);
  });

  it("class earlier rows by the prefix of their action", () => {
    expect(NON_CLINICAL_ACTIONS.test("user.renamed")).toBe(true);
    expect(NON_CLINICAL_ACTIONS.test("lab.amended")).toBe(false);
  });
});
