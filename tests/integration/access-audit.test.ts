import { describe, expect, it } from "vitest";
import { ActiveCourses } from "@/app/(portal)/dashboard/_components/active-courses";
import { AlertLists } from "@/app/(portal)/dashboard/_components/alert-lists";
import { dashboardOverdue } from "@/app/(portal)/dashboard/_components/dashboard-reads";
import { OverdueList } from "@/app/(portal)/dashboard/_components/overdue-list";
import DashboardPage from "@/app/(portal)/dashboard/page";
import { GET as auditExport } from "@/app/(portal)/admin/audit/export/route";
import { GET as worklistExport } from "@/app/(portal)/monitoring/export/route";
import WorklistPage from "@/app/(portal)/monitoring/page";
import { GET as fhirExport } from "@/app/(portal)/patients/[patientId]/export/fhir/route";
import { GET as importTemplate } from "@/app/(portal)/patients/import/template/[kind]/route";
import EditPatientPage from "@/app/(portal)/patients/[patientId]/edit/page";
import PatientPage from "@/app/(portal)/patients/[patientId]/page";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { searchPatientsAction } from "@/app/(portal)/patients/actions";
import PatientsPage from "@/app/(portal)/patients/page";
import { recordPatientsShown, recordPatientView } from "@/lib/data/access-audit";
import { verifyAuditChain } from "@/lib/data/audit-report";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/** Every view of patient data leaves an audit row naming the patients shown (ids only). */
const lastAudit = async (actorId: string, action: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId, action }, orderBy: { id: "desc" } });
const params = <T extends object>(v: T) => Promise.resolve(v);

describe("access accounting", () => {
  it("lists, searches, the worklist and the dashboard record which patients they showed", async () => {
    const p = await makePatient();
    const staff = await makeUser("STAFF");
    actAs(staff);
    const searched = await callAction(() => searchPatientsAction(IDLE, form({ q: p.mrn })));
    const searchId = new URL((searched as { redirect: string }).redirect, "http://x").searchParams.get("search")!;
    await PatientsPage({ searchParams: params({ search: searchId }) });
    const search = await lastAudit(staff.id, "patients.view_list");
    expect(search.changes).toEqual({
      section: "patient-search",
      patientIds: [p.id],
      count: 1,
      filters: { page: 1, sort: "name-asc", search: searchId, searchKind: "mrn" },
    });
    expect(JSON.stringify(search.changes)).not.toContain(p.mrn);
    await WorklistPage({ searchParams: params({}) });
    expect((await lastAudit(staff.id, "patients.view_list")).changes).toMatchObject({ section: "worklist" });

    // An item overdue since 2000, so that the dashboard's overdue list is not empty (stored after today's refresh).
    const derm = await makeUser("DERMATOLOGIST");
    const onDashboard = await makePatient();
    await runDailyRefresh(testDb(), TODAY);
    await testDb().monitoringItemRow.create({
      data: {
        patientId: onDashboard.id,
        itemKey: "test:overdue",
        kind: "PEAK_LABS",
        label: "Peak labs",
        dueDate: new Date("2000-01-03T00:00:00Z"),
        dueSoonDays: 7,
        overdueAfterDays: 14,
        reason: "x",
      },
    });
    actAs(derm);
    // The dashboard streams its lists; each records the patients it showed.
    expect(await DashboardPage({ searchParams: params({}) })).toBeTruthy();
    await OverdueList({ viewer: derm, today: TODAY });
    const overdue = (await lastAudit(derm.id, "patients.view_list")).changes as { patientIds: string[] };
    expect(overdue).toEqual({ section: "dashboard", patientIds: overdue.patientIds, count: new Set(overdue.patientIds).size, filters: { part: "overdue" } });
    // Exactly the patients of the ten most overdue items, whichever other tests stored older ones.
    const shownOverdue = [...new Set((await dashboardOverdue("DERMATOLOGIST", TODAY)).rows.map((r) => r.patientId))];
    expect(shownOverdue.length).toBeGreaterThan(0);
    expect(overdue.patientIds).toEqual(shownOverdue);
    expect(overdue.patientIds).not.toContain(p.id); // no course, no result: not on the dashboard
    await ActiveCourses({ viewer: derm, page: 1, sort: { key: "progress", dir: "desc" } });
    expect((await lastAudit(derm.id, "patients.view_list")).changes).toMatchObject({
      section: "dashboard",
      filters: { part: "courses", page: 1, sort: "progress-desc" },
    });
    await AlertLists({ viewer: derm });
    expect((await lastAudit(derm.id, "patients.view_list")).changes).toMatchObject({ section: "dashboard", filters: { part: "alerts" } });
  });

  it("the patient page, its full lab history and the edit page record a view of that patient", async () => {
    const p = await makePatient();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    await PatientPage({ params: params({ patientId: p.id }), searchParams: params({ labs: "all" }) });
    expect(await lastAudit(nurse.id, "patient.view")).toMatchObject({ patientId: p.id, changes: { section: "summary+lab-history" } });
    await EditPatientPage({ params: params({ patientId: p.id }) });
    expect(await lastAudit(nurse.id, "patient.view")).toMatchObject({ patientId: p.id, changes: { section: "edit" } });
    await PrintSummaryPage({ params: params({ patientId: p.id }) });
    expect(await lastAudit(nurse.id, "patient.view")).toMatchObject({ patientId: p.id, changes: { section: "print" } });
    // Office staff may not print a summary that holds lab values: refused, recorded, and no view.
    const staff = await makeUser("STAFF");
    actAs(staff);
    await expect(PrintSummaryPage({ params: params({ patientId: p.id }) })).rejects.toThrow();
    expect(await lastAudit(staff.id, "access.denied")).toMatchObject({ entityId: "labs.read" });
    expect(await testDb().auditEvent.count({ where: { actorId: staff.id, action: "patient.view" } })).toBe(0);
  });

  it("a refused page is recorded as an attempt with the permission it lacked", async () => {
    const staff = await makeUser("STAFF");
    actAs(staff);
    await expect(DashboardPage({ searchParams: params({}) })).rejects.toThrow();
    expect(await lastAudit(staff.id, "access.denied")).toMatchObject({ entityType: "Page", entityId: "dashboard.read", actorRole: "STAFF" });
  });

  it("a refused download is recorded as an attempt with the permission it lacked, as a refused page is", async () => {
    const p = await makePatient();
    const admin = await makeUser("ADMIN");
    actAs(admin);
    // An administrator asking for a patient's whole record, and for the worklist with its contact details.
    const record = await fhirExport(new Request(`http://localhost/patients/${p.id}/export/fhir`), { params: params({ patientId: p.id }) });
    expect(record.status).toBe(403);
    expect(await lastAudit(admin.id, "access.denied")).toMatchObject({ entityType: "Route", entityId: "labs.read", actorRole: "ADMIN", patientId: null });
    expect((await worklistExport(new Request("http://localhost/monitoring/export"))).status).toBe(403);
    expect(await lastAudit(admin.id, "access.denied")).toMatchObject({ entityType: "Route", entityId: "monitoring.read" });
    const staff = await makeUser("STAFF");
    actAs(staff);
    expect((await auditExport(new Request("http://localhost/admin/audit/export"))).status).toBe(403);
    expect(await lastAudit(staff.id, "access.denied")).toMatchObject({ entityType: "Route", entityId: "audit.read", actorRole: "STAFF" });
    expect((await importTemplate(new Request("http://localhost/patients/import/template/labs"), { params: params({ kind: "labs" }) })).status).toBe(403);
    expect(await lastAudit(staff.id, "access.denied")).toMatchObject({ entityType: "Route", entityId: "labs.write" });
    expect(await testDb().auditEvent.count({ where: { actorId: { in: [admin.id, staff.id] }, action: { not: "access.denied" } } })).toBe(0);
  });

  it("views that arrive together are written in one transaction, in order, and the chain still verifies", async () => {
    const [a, b] = [await makePatient(), await makePatient()];
    const derm = await makeUser("DERMATOLOGIST");
    await Promise.all([
      recordPatientView(derm, a.id, "summary"),
      recordPatientsShown(derm, "dashboard", [a.id, b.id], { part: "alerts" }),
      recordPatientView(derm, b.id, "summary"),
    ]);
    const rows = await testDb().auditEvent.findMany({ where: { actorId: derm.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.patientId])).toEqual([
      ["patient.view", a.id],
      ["patients.view_list", null],
      ["patient.view", b.id],
    ]);
    // One transaction: one time, consecutive ids, each row linked to the one before.
    expect(new Set(rows.map((r) => r.occurredAt.getTime())).size).toBe(1);
    expect(rows.map((r) => r.id - rows[0]!.id)).toEqual([0n, 1n, 2n]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });

  it("a view that cannot be recorded is refused alone: the others in its batch are recorded", async () => {
    const p = await makePatient();
    const nurse = await makeUser("NURSE");
    const [good, bad, alsoGood] = await Promise.allSettled([
      recordPatientView(nurse, p.id, "summary"),
      recordPatientView(nurse, "not-a-patient-id", "summary"),
      recordPatientView(nurse, p.id, "edit"),
    ]);
    expect([good.status, bad.status, alsoGood.status]).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const rows = await testDb().auditEvent.findMany({ where: { actorId: nurse.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.changes)).toEqual([{ section: "summary" }, { section: "edit" }]);
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });
});
