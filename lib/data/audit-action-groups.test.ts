import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./audit-actions";
import { actionFilterFor, actionFilterOptions, actionLabelFor, hiddenGroupOf } from "./audit-action-groups";

const PREGNANCY = "Pregnancy-prevention record changed";
const LAB = "Lab record changed";

describe("actions read under a neutral label", () => {
  it("administrators read every pregnancy-prevention action and every lab-result action of a patient as one label per area", () => {
    const hidden = AUDIT_ACTIONS.filter((a) => hiddenGroupOf("ADMIN", a));
    expect(hidden).toEqual([
      "lab.record",
      "lab.void",
      "lab.correct",
      "lab.acknowledge",
      "lab.import",
      "lab.queue_attach",
      "lab.queue_reject",
      "lab.repeat_notice_acknowledge",
      "pregnancy.contraception",
      "pregnancy.counseling",
      "pregnancy.contraception_void",
      "pregnancy.counseling_void",
      "pregnancy.decision",
      "pregnancy.follow_up",
      "pregnancy.follow_up_void",
      "pregnancy.category",
    ]);
    expect(actionLabelFor("ADMIN", "pregnancy.decision")).toBe(PREGNANCY);
    expect(actionLabelFor("ADMIN", "pregnancy.counseling")).toBe(PREGNANCY);
    expect(actionLabelFor("ADMIN", "lab.acknowledge")).toBe(LAB);
    // An earlier version's name is grouped by its prefix.
    expect(actionLabelFor("ADMIN", "pregnancy.test_decision")).toBe(PREGNANCY);
    expect(actionLabelFor("ADMIN", "lab.message_reject")).toBe("Lab message rejected");
    expect(actionLabelFor("ADMIN", "course.stop")).toBe("Course stopped");
  });

  it("a role with the area's clinical permission would read each action's own label; office staff read neither area's", () => {
    expect(actionLabelFor("DERMATOLOGIST", "pregnancy.decision")).toBe("Pregnancy decision recorded");
    expect(actionLabelFor("NURSE", "pregnancy.follow_up")).toBe("Pregnancy follow-up recorded");
    expect(actionLabelFor("NURSE", "lab.acknowledge")).toBe("Lab result reviewed");
    expect(actionLabelFor("STAFF", "pregnancy.decision")).toBe(PREGNANCY);
    expect(actionLabelFor("STAFF", "lab.repeat_notice_acknowledge")).toBe(LAB);
  });

  it("an administrator's filter by a hidden action is its group's; the choices offer the groups, not their actions", () => {
    expect(actionFilterFor("ADMIN", "pregnancy.decision")).toBe("pregnancy-prevention");
    expect(actionFilterFor("ADMIN", "lab.repeat_notice_acknowledge")).toBe("lab-results");
    expect(actionFilterFor("ADMIN", "course.stop")).toBe("course.stop");
    expect(actionFilterFor("ADMIN", undefined)).toBeUndefined();
    expect(actionFilterFor("DERMATOLOGIST", "pregnancy.decision")).toBe("pregnancy.decision");
    const options = actionFilterOptions("ADMIN").flatMap((a) => a.options);
    const values = options.map((o) => o.value);
    expect(values).toContain("pregnancy-prevention");
    expect(values).toContain("lab-results");
    expect(values).toContain("lab.message_import");
    expect(values.filter((v) => v.startsWith("pregnancy.") || v === "lab.acknowledge" || v === "lab.record")).toEqual([]);
    // A group is offered by its label alone; an action by its label, with its code.
    expect(options.find((o) => o.value === "pregnancy-prevention")).toEqual({ value: "pregnancy-prevention", label: PREGNANCY, code: null });
    expect(options.find((o) => o.value === "user.role_change")).toEqual({ value: "user.role_change", label: "Role changed", code: "user.role_change" });
  });

  it("the choices come by area, each sorted by label, every action or its group once", () => {
    const areas = actionFilterOptions("DERMATOLOGIST");
    expect(areas.map((a) => a.area)).toEqual([
      "Sign-in and access",
      "Accounts, API clients and lab interfaces",
      "Clinic configuration",
      "Who saw which patient",
      "Clinical records",
    ]);
    for (const a of areas) expect(a.options.map((o) => o.label)).toEqual(a.options.map((o) => o.label).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(areas.flatMap((a) => a.options.map((o) => o.value)).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(areas.find((a) => a.area === "Who saw which patient")!.options.map((o) => o.value)).toEqual([
      "audit.export",
      "audit.view",
      "patients.view_fhir",
      "patients.view_list",
      "patient.export_fhir",
      "patient.view",
      "monitoring.export",
    ]);
  });
});
