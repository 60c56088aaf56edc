import { describe, expect, it } from "vitest";
import { setContactPreferencesAction } from "@/app/(portal)/monitoring/actions";
import { createPatientAction, updatePatientAction } from "@/app/(portal)/patients/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { getPatientDetailHistory } from "@/lib/data/patient-detail-history";
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
  phone: "(201) 555-0120",
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

  it("refuses an MRN that differs from another patient's only in case, on registration and on an edit", async () => {
    actAs(await makeUser("STAFF"));
    const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
    await callAction(() => createPatientAction(IDLE, form(valid(`CASE-${tag}`))));
    const duplicate = { state: { status: "error", fieldErrors: { mrn: ["Another patient already has this MRN."] } } };
    expect(await callAction(() => createPatientAction(IDLE, form(valid(`case-${tag}`))))).toMatchObject(duplicate);
    const other = await makePatient();
    const edit = () => updatePatientAction(IDLE, form({ ...valid(`Case-${tag}`), patientId: other.id, version: String(other.version) }));
    expect(await callAction(edit)).toMatchObject(duplicate);
    expect(await testDb().patient.count({ where: { mrn: { equals: `CASE-${tag}`, mode: "insensitive" } } })).toBe(1);
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

  it("an edit keeps the details it replaces, shown with who changed what; a save that changes nothing keeps nothing", async () => {
    const staff = await makeUser("STAFF");
    const nurse = await makeUser("NURSE");
    const p = await makePatient();
    const original = await testDb().patient.findUniqueOrThrow({ where: { id: p.id } });
    const save = (values: Record<string, string>, version: number) =>
      callAction(() =>
        updatePatientAction(
          IDLE,
          form({
            mrn: original.mrn,
            firstName: original.firstName,
            lastName: original.lastName,
            dateOfBirth: "1999-04-02",
            sexAtBirth: original.sexAtBirth,
            phone: original.phone ?? "",
            email: original.email ?? "",
            indication: original.indication,
            ...values,
            patientId: p.id,
            version: String(version),
          }),
        ),
      );
    actAs(staff);
    expect(await save({ mrn: "IT-DETAIL-2", lastName: "Bianchi" }, original.version)).toMatchObject({ redirect: `/patients/${p.id}` });
    actAs(nurse);
    expect(await save({ mrn: "IT-DETAIL-2", lastName: "Bianchi", doNotText: "on" }, original.version + 1)).toMatchObject({ redirect: `/patients/${p.id}` });
    // Saved again unchanged: a new version of the row, nothing kept.
    expect(await save({ mrn: "IT-DETAIL-2", lastName: "Bianchi", doNotText: "on" }, original.version + 2)).toMatchObject({ redirect: `/patients/${p.id}` });

    const kept = await testDb().patientDetailVersion.findMany({ where: { patientId: p.id }, orderBy: { version: "asc" } });
    expect(kept.map((k) => [k.version, k.mrn, k.lastName, k.doNotText])).toEqual([
      [original.version, original.mrn, original.lastName, false],
      [original.version + 1, "IT-DETAIL-2", "Bianchi", false],
    ]);
    expect(kept.map((k) => k.replacedById)).toEqual([staff.id, nurse.id]);

    const history = await getPatientDetailHistory(nurse, p.id);
    expect(history.map((h) => [h.replacedBy, h.changes])).toEqual([
      [nurse.name, [{ field: "doNotText", from: false, to: true }]],
      [
        staff.name,
        [
          { field: "mrn", from: original.mrn, to: "IT-DETAIL-2" },
          { field: "lastName", from: "Patient", to: "Bianchi" },
          { field: "dateOfBirth", from: "2000-01-01", to: "1999-04-02" },
        ],
      ],
    ]);
    // The audit rows name the fields and the kept version, never a value.
    const audits = await testDb().auditEvent.findMany({ where: { action: "patient.update", patientId: p.id }, orderBy: { id: "asc" } });
    expect(audits.map((a) => (a.changes as { earlierDetailsId: string | null }).earlierDetailsId)).toEqual([kept[0]!.id, kept[1]!.id, null]);
    expect(JSON.stringify(audits.map((a) => a.changes))).not.toContain("Bianchi");
  });

  it("do-not-contact choices made from the worklist are kept like an edit, so each change is credited to whoever made it", async () => {
    const staff = await makeUser("STAFF");
    const nurse = await makeUser("NURSE");
    const p = await makePatient();
    actAs(staff);
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: "1", doNotEmail: "on" }))).toMatchObject({ status: "ok" });
    // The same choices again change nothing and keep nothing.
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: "2", doNotEmail: "on" }))).toMatchObject({ status: "ok" });
    const now = await testDb().patient.findUniqueOrThrow({ where: { id: p.id } });
    actAs(nurse);
    const edit = form({ ...valid(p.mrn), firstName: "Test", lastName: "Patient", dateOfBirth: "2000-01-01", phone: "201 555 0177", doNotEmail: "on" });
    edit.set("patientId", p.id);
    edit.set("version", String(now.version));
    expect(await callAction(() => updatePatientAction(IDLE, edit))).toMatchObject({ redirect: `/patients/${p.id}` });
    const history = await getPatientDetailHistory(nurse, p.id);
    expect(history.map((h) => [h.replacedBy, h.changes])).toEqual([
      [nurse.name, [{ field: "phone", from: null, to: "+12015550177" }]],
      [staff.name, [{ field: "doNotEmail", from: false, to: true }]],
    ]);
  });

  it("the kept details cannot be changed or deleted by the application", async () => {
    const p = await makePatient();
    const staff = await makeUser("STAFF");
    actAs(staff);
    const original = await testDb().patient.findUniqueOrThrow({ where: { id: p.id } });
    await callAction(() =>
      updatePatientAction(
        IDLE,
        form({ ...valid(original.mrn), firstName: "Changed", dateOfBirth: "1999-04-02", patientId: p.id, version: String(original.version) }),
      ),
    );
    await expect(testDb().patientDetailVersion.updateMany({ where: { patientId: p.id }, data: { firstName: "Rewritten" } })).rejects.toThrow(
      /permission denied/,
    );
    await expect(testDb().patientDetailVersion.deleteMany({ where: { patientId: p.id } })).rejects.toThrow(/permission denied/);
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
