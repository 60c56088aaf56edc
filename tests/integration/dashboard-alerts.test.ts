import { describe, expect, it } from "vitest";
import AlertsPage from "@/app/(portal)/dashboard/alerts/page";
import { AlertLists } from "@/app/(portal)/dashboard/_components/alert-lists";
import { DASHBOARD_ALERT_ROWS } from "@/app/(portal)/dashboard/_components/dashboard-reads";
import { getLabAlertPage, getLabAlerts } from "@/lib/data/labs";
import { actAs, altResult, CLINICIAN, makePatient, makeUser, testDb } from "./helpers";

/**
 * The dashboard shows the ten most urgent results of each list awaiting review (critical first, then the
 * oldest), every one of them, and links to a page of the whole list, which is checked and recorded in the
 * audit trail as the dashboard is.
 */
const db = () => testDb();
const params = <T extends object>(v: T) => Promise.resolve(v);
const lastAudit = async (actorId: string, action: string) => db().auditEvent.findFirstOrThrow({ where: { actorId, action }, orderBy: { id: "desc" } });

const FLAG_RANK = { LOW: 0, HIGH: 1, ACTION: 2, CRITICAL: 3 } as const;
/** Most urgent first: the higher flag, then the older specimen. */
const inUrgentOrder = (rows: { flag: keyof typeof FLAG_RANK; specimenDate: string }[]) =>
  rows.every((r, i) => {
    const prev = rows[i - 1];
    return !prev || FLAG_RANK[prev.flag] > FLAG_RANK[r.flag] || (prev.flag === r.flag && prev.specimenDate <= r.specimenDate);
  });

describe("results awaiting review", () => {
  it("are listed most urgent first (the highest flag, then the oldest), and the pages of a list are the whole list in that order", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient();
    // Recorded in an order that is none of the list's.
    const high = await altResult(p.id, nurse.id, "2026-11-01", "HIGH");
    const newAction = await altResult(p.id, nurse.id, "2026-11-20", "ACTION");
    const oldAction = await altResult(p.id, nurse.id, "2026-10-05", "ACTION");
    const newCritical = await altResult(p.id, nurse.id, "2026-11-21", "CRITICAL");
    const oldCritical = await altResult(p.id, nurse.id, "2026-09-30", "CRITICAL");

    const all = await getLabAlerts(CLINICIAN, 10_000);
    const mine = (rows: { id: string }[]) =>
      rows.map((r) => r.id).filter((id) => [high, newAction, oldAction, newCritical, oldCritical].some((x) => x.id === id));
    expect(mine(all.critical)).toEqual([oldCritical.id, newCritical.id]);
    expect(mine(all.abnormal)).toEqual([oldAction.id, newAction.id, high.id]);
    expect(inUrgentOrder(all.critical)).toBe(true);
    expect(inUrgentOrder(all.abnormal)).toBe(true);

    // Pages of 2: together the whole list, in the same order, with the counts.
    for (const list of ["critical", "abnormal"] as const) {
      const whole = all[list].map((r) => r.id);
      const pages: string[] = [];
      for (let offset = 0; offset < whole.length; offset += 2) {
        const page = await getLabAlertPage(CLINICIAN, list, { limit: 2, offset });
        expect(page.total).toBe(whole.length);
        expect(page.counts).toEqual({ critical: all.criticalCount, abnormal: all.abnormalCount });
        pages.push(...page.rows.map((r) => r.id));
      }
      expect(pages).toEqual(whole);
    }
    // Office staff read no lab value: refused.
    await expect(getLabAlertPage({ role: "STAFF" }, "critical", { limit: 25, offset: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the dashboard shows the ten most urgent of a list with a link to the rest; the page of the whole list records the patients it shows", async () => {
    const nurse = await makeUser("NURSE");
    const derm = await makeUser("DERMATOLOGIST");
    // Enough critical results that the dashboard's ten are not all of them, one collected long ago (first on the list).
    const oldest = await makePatient();
    await altResult(oldest.id, nurse.id, "2001-01-01", "CRITICAL");
    const others = await makePatient();
    for (let i = 0; i < DASHBOARD_ALERT_ROWS; i++) await altResult(others.id, nurse.id, "2026-11-22", "CRITICAL");
    const total = (await getLabAlerts(CLINICIAN, 1)).criticalCount;
    expect(total).toBeGreaterThan(DASHBOARD_ALERT_ROWS);

    actAs(derm);
    const panels = await AlertLists({ viewer: derm });
    const critical = (panels.props.children[0].props.children as { props: { testId: string; rows: unknown[]; count: string; more: unknown } }[]).find(
      (el) => el.props.testId === "critical-alerts",
    )!;
    expect(critical.props.rows).toHaveLength(DASHBOARD_ALERT_ROWS);
    expect(critical.props.count).toBe(`${DASHBOARD_ALERT_ROWS} of ${total}`);
    const more = total - DASHBOARD_ALERT_ROWS;
    expect(critical.props.more).toEqual({ href: "/dashboard/alerts", label: `${more} more ${more === 1 ? "critical alert" : "critical alerts"}` });

    // The whole list: the first page, with the oldest result first, recorded as the dashboard's lists are.
    await AlertsPage({ searchParams: params({ list: "critical" }) });
    const shown = await lastAudit(derm.id, "patients.view_list");
    expect(shown.changes).toMatchObject({ section: "dashboard", filters: { part: "alerts", list: "critical", page: 1 } });
    expect((shown.changes as { patientIds: string[] }).patientIds[0]).toBe(oldest.id);
    // A page past the end shows the last page, and says so in the record.
    await AlertsPage({ searchParams: params({ list: "critical", page: "999" }) });
    const last = Math.ceil(total / 25);
    expect((await lastAudit(derm.id, "patients.view_list")).changes).toMatchObject({ filters: { part: "alerts", list: "critical", page: last } });
  });

  it("the page of the whole list is refused to every role the dashboard is refused to, as an attempt", async () => {
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) {
      const user = await makeUser(role);
      actAs(user);
      await expect(AlertsPage({ searchParams: params({ list: "abnormal" }) })).rejects.toThrow();
      expect(await lastAudit(user.id, "access.denied")).toMatchObject({ entityType: "Page", entityId: "dashboard.read", actorRole: role });
      expect(await db().auditEvent.count({ where: { actorId: user.id, action: "patients.view_list" } })).toBe(0);
    }
  });
});
