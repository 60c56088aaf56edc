import { describe, expect, it } from "vitest";
import DashboardPage from "@/app/(portal)/dashboard/page";
import WorklistPage from "@/app/(portal)/monitoring/page";
import EditPatientPage from "@/app/(portal)/patients/[patientId]/edit/page";
import PatientPage from "@/app/(portal)/patients/[patientId]/page";
import PatientsPage from "@/app/(portal)/patients/page";
import { ensureDerivedDataFresh } from "@/lib/data/daily-refresh";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";

/** Every view of patient data leaves an audit row naming the patients shown (ids only). */
const lastAudit = async (actorId: string, action: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId, action }, orderBy: { id: "desc" } });
const params = <T extends object>(v: T) => Promise.resolve(v);

describe("access accounting", () => {
  it("lists, searches, the worklist and the dashboard record which patients they showed", async () => {
    const p = await makePatient();
    const staff = await makeUser("STAFF");
    actAs(staff);
    await PatientsPage({ searchParams: params({ q: p.mrn }) });
    const search = await lastAudit(staff.id, "patients.view_list");
    expect(search.changes).toEqual({ section: "patient-search", patientIds: [p.id], count: 1, filters: { page: 1, queryLength: p.mrn.length } });
    expect(JSON.stringify(search.changes)).not.toContain(p.mrn);
    await WorklistPage({ searchParams: params({}) });
    expect((await lastAudit(staff.id, "patients.view_list")).changes).toMatchObject({ section: "worklist" });

    // An item overdue since 2000: the first of the dashboard's overdue list (stored after today's refresh).
    const derm = await makeUser("DERMATOLOGIST");
    const onDashboard = await makePatient();
    await ensureDerivedDataFresh(testDb(), TODAY);
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
    await DashboardPage({ searchParams: params({}) });
    const dashboard = (await lastAudit(derm.id, "patients.view_list")).changes as { patientIds: string[] };
    expect(dashboard).toEqual({ section: "dashboard", patientIds: dashboard.patientIds, count: new Set(dashboard.patientIds).size, filters: { page: 1 } });
    expect(dashboard.patientIds).toContain(onDashboard.id);
    expect(dashboard.patientIds).not.toContain(p.id); // no course, no result: not on the dashboard
  });

  it("the patient page, its full lab history and the edit page record a view of that patient", async () => {
    const p = await makePatient();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    await PatientPage({ params: params({ patientId: p.id }), searchParams: params({ labs: "all" }) });
    expect(await lastAudit(nurse.id, "patient.view")).toMatchObject({ patientId: p.id, changes: { section: "summary+lab-history" } });
    await EditPatientPage({ params: params({ patientId: p.id }) });
    expect(await lastAudit(nurse.id, "patient.view")).toMatchObject({ patientId: p.id, changes: { section: "edit" } });
  });

  it("a refused page is recorded as an attempt with the permission it lacked", async () => {
    const staff = await makeUser("STAFF");
    actAs(staff);
    await expect(DashboardPage({ searchParams: params({}) })).rejects.toThrow();
    expect(await lastAudit(staff.id, "access.denied")).toMatchObject({ entityType: "Page", entityId: "dashboard.read", actorRole: "STAFF" });
  });
});
