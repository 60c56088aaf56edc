import { describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import AlertsPage from "@/app/(portal)/dashboard/alerts/page";
import MonitoringPage from "@/app/(portal)/monitoring/page";
import { getAuditReport } from "@/lib/data/audit-report";
import { savedSearchId } from "@/lib/data/saved-searches";
import { addDays } from "@/lib/domain/dates";
import { actAs, makeUser, testDb, TODAY } from "./helpers";
import { patientOnCourse, positiveTestByNurse } from "./pregnancy-fixture";

/** What a list view's filters would say of the patients it showed: a critical result, a pregnancy review waiting. */
const REVEALING = /critical|abnormal|alerts|PREG_REVIEW|DERM_FOLLOW_UP/i;

/**
 * A patient on a course whose serum pregnancy test came back positive (a critical result, and a pregnancy
 * review on the worklist), and the dermatologist's views that list her: the critical results awaiting review
 * (read page by page until one shows her: other patients' results may come first), and the worklist searched
 * for her MRN and filtered by pregnancy reviews.
 */
async function listedAsPositive() {
  const { derm, p } = await patientOnCourse(addDays(TODAY, -30));
  await positiveTestByNurse(p.id, addDays(TODAY, -1));
  actAs(derm);
  const naming = async () =>
    (await testDb().auditEvent.findMany({ where: { action: "patients.view_list", actorId: derm.id }, orderBy: { id: "asc" } })).filter((v) =>
      (v.changes as { patientIds: string[] }).patientIds.includes(p.id),
    );
  for (let page = 1; page <= 100 && (await naming()).length === 0; page++)
    await AlertsPage({ searchParams: Promise.resolve({ list: "critical", page: String(page) }) });
  await MonitoringPage({ searchParams: Promise.resolve({ search: await savedSearchId(derm, p.mrn), kind: "PREG_REVIEW" }) });
  // Both views listed her, and recorded what chose her.
  expect((await naming()).map((v) => (v.changes as { filters: Record<string, unknown> }).filters)).toEqual([
    expect.objectContaining({ part: "alerts", list: "critical" }),
    expect.objectContaining({ kind: "PREG_REVIEW" }),
  ]);
  return { p, derm };
}

describe("administrators read which lists showed a patient, never the filters that chose them", () => {
  it("the trail's page data and CSV name the list and the patient, without a critical result or a pregnancy review", async () => {
    const { p, derm } = await listedAsPositive();
    const report = await getAuditReport({ role: "ADMIN" }, { patient: p.id, actorId: derm.id, action: "patients.view_list", page: 1 }, 500);
    expect(report.rows.map((r) => [r.entityId, (r.changes as { patientIds: string[] }).patientIds.includes(p.id)]).sort()).toEqual([
      ["dashboard", true],
      ["worklist", true],
    ]);
    expect(JSON.stringify(report.rows)).not.toMatch(REVEALING);

    actAs(await makeUser("ADMIN"));
    const res = await exportAudit(new Request(`http://localhost/admin/audit/export?actor=${derm.id}&action=patients.view_list`));
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(p.id);
    expect(csv).not.toMatch(REVEALING);
  });

  it("the stored rows keep their filters", async () => {
    const { p, derm } = await listedAsPositive();
    const stored = await testDb().auditEvent.findMany({ where: { action: "patients.view_list", actorId: derm.id } });
    expect(JSON.stringify(stored.map((v) => v.changes).filter((c) => JSON.stringify(c).includes(p.id)))).toMatch(/PREG_REVIEW/);
  });
});
