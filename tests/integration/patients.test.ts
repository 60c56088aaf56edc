import { describe, expect, it } from "vitest";
import { createPatientAction, updatePatientAction } from "@/app/(portal)/patients/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { changeRole, setDisabled } from "@/lib/data/users";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, countRows, form, makePatient, makeUser, testDb } from "./helpers";

const valid = (mrn: string) => ({
  mrn,
  firstName: "Ana",
  lastName: "Rossi",
  dateOfBirth: "2002-05-17",
  sexAtBirth: "FEMALE",
  pregnancyCategory: "CAN_BECOME_PREGNANT",
  phone: "(555) 010-2000",
  email: "",
  indication: "ACNE_NODULAR",
});

describe("patient actions", () => {
  it("creates a patient with its audit row", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const result = await callAction(() => createPatientAction(IDLE, form(valid("IT-100"))));
    expect(result).toMatchObject({ redirect: expect.stringMatching(/^\/patients\/[0-9a-f-]{36}$/) });
    const patient = await testDb().patient.findUniqueOrThrow({ where: { mrn: "IT-100" } });
    expect(patient.email).toBeNull();
    const audit = await testDb().auditEvent.findFirst({ where: { action: "patient.create", patientId: patient.id } });
    expect(audit?.actorId).toBe(nurse.id);
    expect(audit?.actorRole).toBe("NURSE");
  });

  it.each([
    ["an anonymous caller", null],
    ["an administrator", "ADMIN"],
    ["a disabled nurse", "DISABLED"],
  ] as const)("refuses %s and writes nothing", async (_label, who) => {
    const user = who === null ? null : who === "DISABLED" ? await makeUser("NURSE", { disabled: true }) : await makeUser(who);
    const before = await countRows();
    actAs(user);
    const result = await callAction(() => createPatientAction(IDLE, form(valid(`DENY-${Math.random().toString(36).slice(2, 8)}`))));
    expect(result).toMatchObject({ state: { status: "error" } });
    const after = await countRows();
    expect(after.patients).toBe(before.patients);
    expect(after.audits).toBe(before.audits);
  });

  it.each([
    [{ mrn: "" }, "mrn"],
    [{ mrn: "has space" }, "mrn"],
    [{ dateOfBirth: "2001-02-30" }, "dateOfBirth"],
    [{ dateOfBirth: "2999-01-01" }, "dateOfBirth"],
    [{ sexAtBirth: "X" }, "sexAtBirth"],
    [{ email: "not-an-email" }, "email"],
    [{ firstName: "a".repeat(101) }, "firstName"],
    [{ phone: "<script>" }, "phone"],
  ])("rejects %o with a field error and writes nothing", async (override, field) => {
    actAs(await makeUser("STAFF"));
    const before = await countRows();
    const result = await callAction(() => createPatientAction(IDLE, form({ ...valid("IT-BAD"), ...override })));
    expect(result).toMatchObject({ state: { status: "error", fieldErrors: { [field]: expect.any(Array) } } });
    expect((await countRows()).patients).toBe(before.patients);
  });

  it("refuses a duplicate MRN with a field error", async () => {
    actAs(await makeUser("STAFF"));
    await callAction(() => createPatientAction(IDLE, form(valid("IT-DUP"))));
    const result = await callAction(() => createPatientAction(IDLE, form(valid("it-dup".toUpperCase()))));
    expect(result).toMatchObject({ state: { status: "error", fieldErrors: { mrn: ["Another patient already has this MRN."] } } });
  });

  it("detects a concurrent edit: the second save of the same version is refused", async () => {
    const staff = await makeUser("STAFF");
    actAs(staff);
    const p = await makePatient();
    const edit = (firstName: string) =>
      callAction(() => updatePatientAction(IDLE, form({ ...valid(p.mrn), firstName, patientId: p.id, version: String(p.version) })));
    expect(await edit("First")).toMatchObject({ redirect: `/patients/${p.id}` });
    expect(await edit("Second")).toMatchObject({ state: { status: "error", message: expect.stringContaining("changed by someone else") } });
    const after = await testDb().patient.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.firstName).toBe("First");
    expect(after.version).toBe(2);
  });
});

describe("sessions", () => {
  it("a disabled user or a changed role ends the session at once", async () => {
    const user = await makeUser("NURSE");
    actAs(user);
    expect((await getCurrentUser())?.role).toBe("NURSE");
    const admin = await makeUser("ADMIN");
    await changeRole(admin, user.id, "STAFF");
    expect(await getCurrentUser()).toBeNull();
    const other = await makeUser("NURSE");
    actAs(other);
    await setDisabled(admin, other.id, true);
    expect(await getCurrentUser()).toBeNull();
  });
});
