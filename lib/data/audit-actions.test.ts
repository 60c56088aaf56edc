import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, NON_CLINICAL_ACTIONS } from "./audit-actions";

/** Groups whose records may carry clinical values: administrators see only which fields changed. */
const CLINICAL = /^(patient\.(create|update)|course|prescription|dose|weight|lab|monitoring|pregnancy)\b/;

describe("audit actions", () => {
  it("are listed once each, as group.event in lower case", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it("show administrators the values of account and access events, and of no clinical event", () => {
    for (const action of AUDIT_ACTIONS.filter((a) => CLINICAL.test(a))) expect(NON_CLINICAL_ACTIONS.test(action), action).toBe(false);
    // Sign-in (6), refused access (1), the trail (2), accounts, API clients and lab interfaces (30), security policy (1), settings (1),
    // seeding (2), background jobs (1), who saw whom (3) and migration imports (2).
    expect(AUDIT_ACTIONS.filter((a) => NON_CLINICAL_ACTIONS.test(a))).toHaveLength(49);
  });

  it("class earlier rows by the prefix of their action", () => {
    expect(NON_CLINICAL_ACTIONS.test("user.renamed")).toBe(true);
    expect(NON_CLINICAL_ACTIONS.test("lab.amended")).toBe(false);
  });
});
