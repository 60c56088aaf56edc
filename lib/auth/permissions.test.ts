import { describe, expect, it } from "vitest";
import { can, homePathFor, navFor, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

// The expected matrix, written out row by row so that any change to the table is a deliberate edit here.
const EXPECTED: Record<Permission, Role[]> = {
  "dashboard.read": ["DERMATOLOGIST"],
  "patients.read": ["DERMATOLOGIST", "NURSE", "STAFF"],
  "patients.write": ["DERMATOLOGIST", "NURSE", "STAFF"],
  "courses.read": ["DERMATOLOGIST", "NURSE"],
  "doses.write": ["DERMATOLOGIST"],
  "dispensing.record": ["DERMATOLOGIST", "NURSE"],
  "weights.write": ["DERMATOLOGIST", "NURSE"],
  "labs.read": ["DERMATOLOGIST", "NURSE"],
  "labs.write": ["DERMATOLOGIST", "NURSE"],
  "labs.acknowledge": ["DERMATOLOGIST"],
  "monitoring.read": ["DERMATOLOGIST", "NURSE", "STAFF"],
  "monitoring.outreach": ["DERMATOLOGIST", "NURSE", "STAFF"],
  "pregnancy.record": ["DERMATOLOGIST", "NURSE"],
  "pregnancy.decide": ["DERMATOLOGIST"],
  "monitoring.waive": ["DERMATOLOGIST"],
  "catalogue.manage": ["DERMATOLOGIST"],
  "settings.manage": ["DERMATOLOGIST"],
  "users.manage": ["ADMIN"],
  "audit.read": ["ADMIN"],
  "jobs.manage": ["ADMIN"],
  "access.approve": ["DERMATOLOGIST"],
  "account.self": ["DERMATOLOGIST", "NURSE", "STAFF", "ADMIN"],
};

describe("role-to-permission table", () => {
  it("covers every permission", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
  });

  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const allowed = EXPECTED[permission].includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("denies a missing role", () => {
    expect(can(null, "patients.read")).toBe(false);
  });

  it.each([
    ["DERMATOLOGIST", "/dashboard", ["Dashboard", "Patients", "Monitoring worklist", "Unfiled lab results", "Lab catalogue", "Clinic settings", "Approvals"]],
    ["NURSE", "/patients", ["Patients", "Monitoring worklist", "Unfiled lab results"]],
    ["STAFF", "/patients", ["Patients", "Monitoring worklist"]],
    ["ADMIN", "/admin/users", ["Users", "Audit trail", "Background jobs"]],
  ] as const)("%s lands on %s and sees its own navigation", (role, home, labels) => {
    expect(homePathFor(role)).toBe(home);
    expect(navFor(role).map((n) => n.label)).toEqual(labels);
  });
});
