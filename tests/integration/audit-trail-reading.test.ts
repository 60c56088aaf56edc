import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { searchAuditTrailAction } from "@/app/(portal)/admin/audit/actions";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { getAuditReport, recordAuditRead } from "@/lib/data/audit-report";
import { changeRole } from "@/lib/data/users";
import { createApiClient } from "@/lib/fhir/clients";
import { createLabInterface } from "@/lib/hl7/interfaces";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, testDb } from "./helpers";

/**
 * What an administrator needs to answer "who did what to whom, and who saw this patient": the person or system
 * acted on by name, the API clients and lab interfaces among the users to filter by, each action's label (with
 * its code), the details as lines, and a patient's report filtered by kind of access, with the count of each.
 */
const ADMIN = { role: "ADMIN" as const };

async function staffMember(role: "STAFF" | "ADMIN", name: string) {
  return testDb().user.create({ data: { email: `${randomUUID()}@test.isotrack`, name, role, passwordHash: null } });
}

describe("the person or system an event acted on", () => {
  it("is named, beside the record's type and id", async () => {
    const tag = randomUUID().slice(0, 6);
    const admin = await staffMember("ADMIN", `Ada Admin ${tag}`);
    const target = await staffMember("STAFF", `Tomas Target ${tag}`);
    const actor = { id: admin.id, role: admin.role };
    await changeRole(actor, target.id, "NURSE", "STAFF");
    const client = await createApiClient(actor, { name: `Registry feed ${tag}`, role: "NURSE" });
    const lab = await createLabInterface(actor, `Northside ${tag}`);

    const report = await getAuditReport(ADMIN, { actorId: admin.id, page: 1 });
    expect(report.rows.map((r) => [r.action, r.label, r.entityType, r.entityId, r.subject])).toEqual([
      ["user.lab_interface_created", "Lab interface created", "Hl7Interface", lab.id, `Northside ${tag}`],
      ["user.api_client_created", "API client created", "ApiClient", client.id, `Registry feed ${tag}`],
      ["user.role_change", "Role changed", "User", target.id, `Tomas Target ${tag}`],
    ]);
    // The details as lines: the role's change, and what it ended.
    expect(report.rows[2]!.details).toEqual([
      { label: "Role", value: "STAFF → NURSE", ids: [], moreIds: 0 },
      { label: "Credentials ended", value: "yes", ids: [], moreIds: 0 },
    ]);
  });

  it("an id that names no one (or is not an id) is shown as recorded", async () => {
    const admin = await staffMember("ADMIN", "Ada Admin");
    const gone = randomUUID();
    await testDb().$transaction(async (tx) => {
      await writeAudit(tx, { id: admin.id, role: "ADMIN" }, { action: "user.disable", entityType: "User", entityId: gone });
      await writeAudit(tx, { id: admin.id, role: "ADMIN" }, { action: "job.run_requested", entityType: "Job", entityId: "daily-refresh" });
    });
    const report = await getAuditReport(ADMIN, { actorId: admin.id, page: 1 });
    expect(report.rows.map((r) => [r.entityId, r.subject])).toEqual([
      ["daily-refresh", null],
      [gone, null],
    ]);
  });
});

describe("the user filter", () => {
  it("offers API clients and lab interfaces, labelled as such, and filters by them", async () => {
    const tag = randomUUID().slice(0, 6);
    const admin = await staffMember("ADMIN", `Ada Admin ${tag}`);
    const client = await createApiClient({ id: admin.id, role: "ADMIN" }, { name: `Registry feed ${tag}`, role: "NURSE" });
    const lab = await createLabInterface({ id: admin.id, role: "ADMIN" }, `Northside ${tag}`);
    await testDb().$transaction((tx) =>
      writeAudit(
        tx,
        { id: client.id, role: "NURSE" },
        { action: "access.denied", entityType: "ApiClient", entityId: client.id, changes: { reason: "awaiting_approval" } },
      ),
    );
    const report = await getAuditReport(ADMIN, { page: 1 });
    expect(report.actors.filter((a) => a.name.includes(tag))).toEqual([
      { id: admin.id, name: `Ada Admin ${tag}`, kind: "user" },
      { id: client.id, name: `Registry feed ${tag} (API client ${client.id.slice(0, 8)})`, kind: "api-client" },
      { id: lab.id, name: `Northside ${tag} (lab interface ${lab.id.slice(0, 8)})`, kind: "lab-interface" },
    ]);
    const byClient = await getAuditReport(ADMIN, { actorId: client.id, page: 1 });
    expect(byClient.rows.map((r) => [r.label, r.actorName, r.details])).toEqual([
      ["Access refused", `Registry feed ${tag} (API client ${client.id.slice(0, 8)})`, [{ label: "Reason", value: "awaiting_approval", ids: [], moreIds: 0 }]],
    ]);
  });
});

/** A patient seen on their record, in a list, in the audit trail, and changed. */
async function accessedPatient() {
  const p = await makePatient();
  const other = await makePatient();
  const nurse = await makeUser("NURSE");
  const admin = await makeUser("ADMIN");
  await testDb().$transaction(async (tx) => {
    await writeAudit(tx, nurse, { action: "patient.view", entityType: "Patient", entityId: p.id, patientId: p.id, changes: { section: "summary" } });
    await writeAudit(tx, nurse, { action: "patients.view_list", entityType: "PatientList", entityId: "worklist", changes: { patientIds: [other.id, p.id] } });
    await writeAudit(tx, nurse, { action: "monitoring.export", entityType: "Worklist", changes: { rows: 2, patientIds: [p.id] } });
    await writeAudit(tx, nurse, {
      action: "patient.update",
      entityType: "Patient",
      entityId: p.id,
      patientId: p.id,
      changes: { phone: { from: null, to: "x" } },
    });
  });
  await recordAuditRead(admin, "view", { page: 1 }, { id: null, kind: null }, { patientIds: [p.id] });
  return { p, nurse, admin };
}

const countsOf = (report: Awaited<ReturnType<typeof getAuditReport>>) => report.kinds?.map((k) => [k.key, k.label, k.count]);

describe("a patient's access report, by kind", () => {
  it("counts record views, lists, audit views and changes, and shows one kind at a time", async () => {
    const { p, nurse } = await accessedPatient();
    const all = await getAuditReport(ADMIN, { patient: p.id, page: 1 });
    expect(all.total).toBe(5);
    expect(countsOf(all)).toEqual([
      ["views", "Record views", 1],
      ["lists", "Lists that showed this patient", 2],
      ["audit", "Audit views", 1],
      ["changes", "Changes", 1],
    ]);
    const kinds = { views: ["patient.view"], lists: ["monitoring.export", "patients.view_list"], audit: ["audit.view"], changes: ["patient.update"] } as const;
    for (const [kind, actions] of Object.entries(kinds)) {
      const one = await getAuditReport(ADMIN, { patient: p.id, kind: kind as keyof typeof kinds, page: 1 });
      expect(one.rows.map((r) => r.action).sort(), kind).toEqual(actions);
      // The counts are the report's, whichever kind is shown.
      expect(countsOf(one), kind).toEqual(countsOf(all));
    }
    // The other filters narrow the counts too: the nurse's events only.
    expect(countsOf(await getAuditReport(ADMIN, { patient: p.id, actorId: nurse.id, page: 1 }))!.map((k) => k[2])).toEqual([1, 2, 0, 1]);
    // The trail as a whole has no counts by kind (they answer a patient's question).
    expect((await getAuditReport(ADMIN, { page: 1 })).kinds).toBeNull();
  });

  it("the CSV follows the kind; the read records it", async () => {
    const { p } = await accessedPatient();
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const searched = await callAction(() => searchAuditTrailAction(IDLE, form({ patient: p.mrn })));
    const search = new URL((searched as { redirect: string }).redirect, "http://x").searchParams.get("search")!;
    const res = await exportAudit(new Request(`http://localhost/admin/audit/export?search=${search}&kind=lists`));
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split('","')[5])
        .sort(),
    ).toEqual(["monitoring.export", "patients.view_list"]);
    const recorded = await testDb().auditEvent.findFirstOrThrow({ where: { action: "audit.export", actorId: admin.id } });
    expect(recorded.changes).toMatchObject({ kind: "lists", rows: 2 });
  });

  it("is the administrators' alone", async () => {
    const { p } = await accessedPatient();
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const)
      await expect(getAuditReport({ role }, { patient: p.id, kind: "views", page: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
