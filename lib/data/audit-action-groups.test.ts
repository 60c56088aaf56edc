import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./audit-actions";
import { actionFilterFor, actionFilterOptions, actionLabelFor } from "./audit-action-groups";

const PREGNANCY = "pregnancy-prevention record changed";
const LAB = "lab record changed";

describe("actions read under a neutral label", () => {
  it("administrators read every pregnancy-prevention action and every lab-result action of a patient as one label per area", () => {
    const hidden = AUDIT_ACTIONS.filter((a) => actionLabelFor("ADMIN", a) !== a);
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
    expect(actionLabelFor("ADMIN", "lab.message_reject")).toBe("lab.message_reject");
  });

  it("a role with the area's clinical permission would read the names as recorded; office staff read neither area's", () => {
    expect(actionLabelFor("DERMATOLOGIST", "pregnancy.decision")).toBe("pregnancy.decision");
    expect(actionLabelFor("NURSE", "pregnancy.follow_up")).toBe("pregnancy.follow_up");
    expect(actionLabelFor("NURSE", "lab.acknowledge")).toBe("lab.acknowledge");
    expect(actionLabelFor("STAFF", "pregnancy.decision")).toBe(PREGNANCY);
    expect(actionLabelFor("STAFF", "lab.repeat_notice_acknowledge")).toBe(LAB);
  });

  it("an administrator's filter by a hidden action is its group's; the choices offer the groups, not their actions", () => {
    expect(actionFilterFor("ADMIN", "pregnancy.decision")).toBe("pregnancy-prevention");
    expect(actionFilterFor("ADMIN", "lab.repeat_notice_acknowledge")).toBe("lab-results");
    expect(actionFilterFor("ADMIN", "course.stop")).toBe("course.stop");
    expect(actionFilterFor("ADMIN", undefined)).toBeUndefined();
    expect(actionFilterFor("DERMATOLOGIST", "pregnancy.decision")).toBe("pregnancy.decision");
    const values = actionFilterOptions("ADMIN").map((o) => o.value);
    expect(values).toContain("pregnancy-prevention");
    expect(values).toContain("lab-results");
    expect(values).toContain("lab.message_import");
    expect(values.filter((v) => v.startsWith("pregnancy.") || v === "lab.acknowledge" || v === "lab.record")).toEqual([]);
    expect(actionFilterOptions("ADMIN").find((o) => o.value === "pregnancy-prevention")?.label).toBe(PREGNANCY);
  });
});
