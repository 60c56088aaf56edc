import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { searchAuditTrailAction } from "@/app/(portal)/admin/audit/actions";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import AuditPage from "@/app/(portal)/admin/audit/page";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { getAuditReport } from "@/lib/data/audit-report";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { CLINIC_TIME_ZONE } from "./clock";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";

async function patientWithHistory() {
  const db = testDb();
  const tag = randomUUID().slice(0, 6);
  const patient = await db.patient.create({
    data: {
      mrn: `AUD-${tag}`,
      firstName: `Ines${tag}`,
      lastName: `Quarry${tag}`,
      dateOfBirth: new Date("1999-04-02T00:00:00Z"),
      sexAtBirth: "FEMALE",
      pregnancyCategory: "CAN_BECOME_PREGNANT",
      indication: "ACNE_NODULAR",
    },
  });
  const nurse = await makeUser("NURSE");
  await db.$transaction(async (tx) => {
    await writeAudit(tx, nurse, { action: "patient.view", entityType: "Patient", entityId: patient.id, patientId: patient.id });
    await writeAudit(tx, nurse, { action: "patients.list", entityType: "Patient", changes: { patientIds: [randomUUID(), patient.id] } });
  });
  return { patient, nurse, tag };
}

const actionsOf = (report: Awaited<ReturnType<typeof getAuditReport>>) => report.rows.map((r) => r.action).sort();

describe("finding a patient's audit events", () => {
  it("by MRN, by name (Last, First), by part of a name and by the id's first 8 characters", async () => {
    const { patient, tag } = await patientWithHistory();
    for (const term of [patient.mrn, patient.mrn.toLowerCase(), `Quarry${tag}, Ines${tag}`, `quarry${tag}`, patient.id.slice(0, 8), patient.id.toUpperCase()]) {
      const report = await getAuditReport({ role: "ADMIN" }, { patient: term, page: 1 });
      expect(actionsOf(report), term).toEqual(["patient.view", "patients.list"]);
      expect(report.patientMatches, term).toBe(1);
    }
    const none = await getAuditReport({ role: "ADMIN" }, { patient: `Nobody-${tag}`, page: 1 });
    expect([none.total, none.patientMatches]).toEqual([0, 0]);
  });

  it("days are the clinic's calendar days; the user filter narrows", async () => {
    const { patient, nurse } = await patientWithHistory();
    // The rows are stamped by the database's own clock (now()), not the tests' fixed one (tests/integration/
    // clock.ts): their day is the one PostgreSQL reads off that stamp in the clinic's zone, whatever the real date.
    const days = await testDb().$queryRaw<{ day: string }[]>`
      SELECT DISTINCT to_char(occurred_at AT TIME ZONE ${CLINIC_TIME_ZONE}, 'YYYY-MM-DD') AS day FROM audit_events WHERE patient_id = ${patient.id}::uuid`;
    expect(days).toHaveLength(1);
    const today = days[0]!.day;
    expect((await getAuditReport({ role: "ADMIN" }, { patient: patient.mrn, from: today, to: today, page: 1 })).total).toBe(2);
    expect((await getAuditReport({ role: "ADMIN" }, { patient: patient.mrn, to: addDays(today, -1), page: 1 })).total).toBe(0);
    expect((await getAuditReport({ role: "ADMIN" }, { patient: patient.mrn, from: addDays(today, 1), page: 1 })).total).toBe(0);
    expect((await getAuditReport({ role: "ADMIN" }, { patient: patient.mrn, actorId: nurse.id, page: 1 })).total).toBe(2);
    expect((await getAuditReport({ role: "ADMIN" }, { patient: patient.mrn, actorId: randomUUID(), page: 1 })).total).toBe(0);
  });
});

describe("audit CSV export", () => {
  it("gives administrators the filtered rows and records the export with its row count; refuses other roles", async () => {
    const { patient } = await patientWithHistory();
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const searched = await callAction(() => searchAuditTrailAction(IDLE, form({ patient: patient.mrn })));
    const search = new URL((searched as { redirect: string }).redirect, "http://x").searchParams.get("search")!;
    const res = await exportAudit(new Request(`http://localhost/admin/audit/export?search=${search}`));
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('"Event","Time","Time (UTC)","User","Role","Action","Record","Record id","Patient","MRN","Details"');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(patient.mrn) || l.includes("patients.list"))).toBe(true);
    const recorded = await testDb().auditEvent.findFirst({ where: { action: "audit.export", actorId: admin.id } });
    expect(recorded?.changes).toEqual({ from: null, to: null, actor: null, search, searchKind: "mrn", patientIds: [patient.id], rows: 2 });

    actAs(await makeUser("DERMATOLOGIST"));
    expect((await exportAudit(new Request("http://localhost/admin/audit/export"))).status).toBe(403);
    actAs(null);
    expect((await exportAudit(new Request("http://localhost/admin/audit/export"))).status).toBe(401);
  });
});

describe("reading the audit trail is itself accounted for", () => {
  it("the page and the CSV record which patients they named (ids only)", async () => {
    const { patient, nurse } = await patientWithHistory();
    const other = await patientWithHistory();
    const admin = await makeUser("ADMIN");
    actAs(admin);
    // The nurse's events: a view of the patient (named with name and MRN) and a list (its ids in the details).
    await AuditPage({ searchParams: Promise.resolve({ actor: nurse.id }) });
    const view = await testDb().auditEvent.findFirstOrThrow({ where: { action: "audit.view", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(view.changes).toMatchObject({ patientIds: [patient.id] });
    expect(JSON.stringify(view.changes)).not.toContain(patient.mrn);

    await exportAudit(new Request(`http://localhost/admin/audit/export?actor=${other.nurse.id}`));
    const exported = await testDb().auditEvent.findFirstOrThrow({ where: { action: "audit.export", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(exported.changes).toMatchObject({ patientIds: [other.patient.id], rows: 2 });
  });
});
