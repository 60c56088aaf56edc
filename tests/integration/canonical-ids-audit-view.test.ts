import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeRoleAction, resetPasswordAction, resetSecondFactorAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { changedFields, getAuditReport } from "@/lib/data/audit-report";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

const today = TODAY;
const SELF = "You cannot change your own role, disable your own account or reset your own credentials here. Use My account.";
/** Upper case, and mixed case: every other letter upper case, from the first, so the mixed spelling differs whenever the id has a letter. */
const spellings = (id: string) => {
  let n = 0;
  return [id.toUpperCase(), id.replace(/[a-f]/g, (c) => (n++ % 2 === 0 ? c.toUpperCase() : c))];
};

describe("ids are canonical", () => {
  it("an administrator cannot change its own role or disable itself by spelling its id otherwise", async () => {
    const admin = await makeUser("ADMIN");
    actAs(admin);
    for (const id of spellings(admin.id)) {
      expect(id).not.toBe(admin.id);
      expect(await changeRoleAction(IDLE, form({ userId: id, role: "DERMATOLOGIST" }))).toMatchObject({
        status: "error",
        message: SELF,
      });
      expect(await setDisabledAction(IDLE, form({ userId: id, disabled: "true" }))).toMatchObject({ status: "error", message: SELF });
      expect(await resetPasswordAction(IDLE, form({ userId: id }))).toMatchObject({ status: "error", message: SELF });
      expect(await resetSecondFactorAction(IDLE, form({ userId: id }))).toMatchObject({ status: "error", message: SELF });
    }
    const after = await testDb().user.findUniqueOrThrow({ where: { id: admin.id } });
    expect([after.role, after.disabled]).toEqual(["ADMIN", false]);
  });

  it("an id in another spelling acts on the same record and is audited canonically", async () => {
    const admin = await makeUser("ADMIN");
    const target = await makeUser("NURSE");
    actAs(admin);
    expect(await changeRoleAction(IDLE, form({ userId: target.id.toUpperCase(), role: "STAFF" }))).toMatchObject({ status: "ok" });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "user.role_change", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(audit.entityId).toBe(target.id);
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: p.id.toUpperCase(), measuredOn: today, weightKg: "61" }))).toMatchObject({ status: "ok" });
    expect((await testDb().auditEvent.findFirstOrThrow({ where: { action: "weight.record" }, orderBy: { id: "desc" } })).patientId).toBe(p.id);
  });
});

describe("the audit trail by role", () => {
  it("administrators see who, what, which patient and which fields, never clinical values nor a lab action by name", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const tests = await testDb().labTest.findMany();
    const id = (code: string) => tests.find((t) => t.code === code)!.id;
    actAs(await makeUser("NURSE"));
    const r = await recordLabPanelAction(
      IDLE,
      form({
        patientId: p.id,
        submissionId: randomUUID(),
        specimenDate: today,
        pregnancyTestSetting: "LAB",
        [`value:${id("2571-8")}`]: "912",
        [`value:${id("2106-3")}`]: "POSITIVE",
      }),
    );
    expect(r).toMatchObject({ status: "ok" });
    const admin = await getAuditReport({ role: "ADMIN" }, { patient: p.id, page: 1 });
    // A lab record reads as any change to the patient's lab records: no type, id or field names (a review or a
    // repeat would name itself by them; lib/data/audit-action-groups.ts).
    const row = admin.rows.find((x) => x.action === "Lab record changed")!;
    expect(row.patient).toEqual({ name: "Patient, Test", mrn: p.mrn });
    expect([row.entityType, row.entityId, row.changes]).toEqual(["Lab record", null, null]);
    expect(admin.rows.map((x) => x.action)).not.toContain("lab.record");
    // 912 as a value, not as digits inside a random uuid or hash.
    expect(JSON.stringify(admin.rows)).not.toMatch(/(?<![0-9a-f-])912(?![0-9a-f-])|POSITIVE/);
    // The trail is the administrators' alone: a clinical role reads values on the patient's page, not here.
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const)
      await expect(getAuditReport({ role }, { patient: p.id, page: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("names the key paths of a change without its values", () => {
    expect(changedFields({ a: 1, b: { c: "x", d: [{ e: 2 }, { e: 3, f: null }] }, g: [] })).toEqual(["a", "b.c", "b.d.e", "b.d.f", "g"]);
    expect(changedFields(null)).toEqual([]);
  });
});
