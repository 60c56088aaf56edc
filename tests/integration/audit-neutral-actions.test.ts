import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { searchAuditTrailAction } from "@/app/(portal)/admin/audit/actions";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import AuditPage from "@/app/(portal)/admin/audit/page";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordCounselingAction, recordPregnancyDecisionAction, recordPregnancyFollowUpAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { getAuditReport } from "@/lib/data/audit-report";
import { verifyAuditChain } from "@/lib/data/audit-verify";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { actAs, callAction, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * An administrator reads the trail of a patient with a confirmed pregnancy (a positive test, the decision and
 * the obstetric referral) and of a patient only counselled: the same courses, the same stop, and in the action
 * column nothing but the same neutral label for every pregnancy-prevention row, on the page, in the CSV and
 * under an action filter naming the decision.
 */
const ADMIN = { role: "ADMIN" as const };
const NEUTRAL = "Pregnancy-prevention record changed";
/** Words a decision's or follow-up's row would carry: its action, record type, or field names. */
const REVEALING = /decision|follow|outcome|obstetric|PREGNANCY_CONFIRMED|"kind"|labResultId/i;

async function confirmedPregnancy() {
  const { derm, p, course } = await patientOnCourse();
  const positive = await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
  const stop = form({ courseId: course.id, version: String(course.version), transition: "STOP", date: TODAY, reason: "Stopped" });
  expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
  const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
  expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
  const decision = await testDb().pregnancyDecision.findFirstOrThrow({ where: { patientId: p.id } });
  const followUp = form({ patientId: p.id, decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: TODAY, note: "Referred" });
  expect(await recordPregnancyFollowUpAction(IDLE, followUp)).toMatchObject({ status: "ok" });
  return p;
}

async function counselledOnly() {
  const { p, course } = await patientOnCourse();
  expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: TODAY, confirmationNumber: "" }))).toMatchObject({ status: "ok" });
  const stop = form({ courseId: course.id, version: String(course.version), transition: "STOP", date: TODAY, reason: "Stopped" });
  expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
  return p;
}

const distinctActions = (rows: { action: string }[]) => [...new Set(rows.map((r) => r.action))].sort();

/** The CSV's rows as arrays of cells (the export quotes every cell; these hold no quotes or commas of their own). */
async function csvRows(query: string) {
  const res = await exportAudit(new Request(`http://localhost/admin/audit/export?${query}`));
  expect(res.status).toBe(200);
  const text = await res.text();
  const [, ...lines] = text.trim().split(/\r?\n/);
  return { text, rows: lines.map((l) => l.split('","').map((c) => c.replace(/^"|"$/g, ""))) };
}

/** The saved search for a patient's MRN and the address the filter form leads to, as the administrator. */
async function filterAs(mrn: string, action: string) {
  const answer = await callAction(() => searchAuditTrailAction(IDLE, form({ patient: mrn, action })));
  return new URL((answer as { redirect: string }).redirect, "http://x").searchParams;
}

describe("administrators read clinical facts neither in an action's name nor in its fields", () => {
  it("a confirmed pregnancy and a counseling alone read the same in the action column, on the page's data", async () => {
    const pregnant = await confirmedPregnancy();
    const counselled = await counselledOnly();
    // Recorded as they happened: the rows themselves are unchanged.
    const stored = await testDb().auditEvent.findMany({ where: { patientId: pregnant.id, action: { startsWith: "pregnancy." } }, orderBy: { id: "asc" } });
    expect(stored.map((r) => r.action)).toEqual(["pregnancy.decision", "pregnancy.follow_up"]);

    const a = await getAuditReport(ADMIN, { patient: pregnant.id, page: 1 }, 500);
    const b = await getAuditReport(ADMIN, { patient: counselled.id, page: 1 }, 500);
    expect(distinctActions(a.rows)).toEqual([NEUTRAL, "course.start", "course.stop"]);
    expect(distinctActions(b.rows)).toEqual(distinctActions(a.rows));
    for (const r of [...a.rows, ...b.rows].filter((x) => x.action === NEUTRAL)) {
      expect([r.entityType, r.entityId, r.changes]).toEqual(["Pregnancy prevention", null, null]);
    }
    expect(JSON.stringify(a.rows)).not.toMatch(REVEALING);
    // Other clinical rows still show their field names.
    expect(a.rows.find((r) => r.action === "course.stop")!.changes).toEqual({ fields: ["date", "from", "reason"] });
  });

  it("filtering by a hidden action lists its whole group, for both patients alike; sorting by action says nothing more", async () => {
    const pregnant = await confirmedPregnancy();
    const counselled = await counselledOnly();
    for (const action of ["pregnancy.decision", "pregnancy.follow_up", "pregnancy.follow_up_void", "pregnancy-prevention"]) {
      const a = await getAuditReport(ADMIN, { patient: pregnant.id, action, page: 1 });
      const b = await getAuditReport(ADMIN, { patient: counselled.id, action, page: 1 });
      expect([a.action, a.total, distinctActions(a.rows)], action).toEqual(["pregnancy-prevention", 2, [NEUTRAL]]);
      expect([b.action, b.total, distinctActions(b.rows)], action).toEqual(["pregnancy-prevention", 1, [NEUTRAL]]);
    }
    // A visible action filters as itself.
    expect((await getAuditReport(ADMIN, { patient: pregnant.id, action: "course.stop", page: 1 })).total).toBe(1);
    // Ordered by action: the group's rows newest first (the follow-up before the decision), as one label; the
    // recorded names would put the decision first.
    const sorted = await getAuditReport(ADMIN, { patient: pregnant.id, page: 1 }, 500, { key: "action", dir: "asc" });
    const group = sorted.rows.filter((r) => r.action === NEUTRAL).map((r) => Number(r.id));
    expect(group).toHaveLength(2);
    expect(group[0]).toBeGreaterThan(group[1]!);
    expect(sorted.rows.map((r) => r.action)).toEqual(["course.start", "course.stop", NEUTRAL, NEUTRAL]);
    // Pages of one row each give the same rows in the same order.
    const paged = [];
    for (let page = 1; page <= 4; page++)
      paged.push(...(await getAuditReport(ADMIN, { patient: pregnant.id, page }, 1, { key: "action", dir: "asc" })).rows.map((r) => r.id));
    expect(paged).toEqual(sorted.rows.map((r) => r.id));
    const desc = await getAuditReport(ADMIN, { patient: pregnant.id, page: 1 }, 500, { key: "action", dir: "desc" });
    expect(desc.rows.map((r) => r.action)).toEqual([NEUTRAL, NEUTRAL, "course.stop", "course.start"]);
  });

  it("the filter form, the page and the CSV name only the group; the reads are recorded with it; the chain still verifies", async () => {
    const pregnant = await confirmedPregnancy();
    const counselled = await counselledOnly();
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const csv = [];
    for (const p of [pregnant, counselled]) {
      const params = await filterAs(p.mrn, "pregnancy.decision");
      // The address names the group, never the action asked for.
      expect(params.get("action")).toBe("pregnancy-prevention");
      const search = params.get("search")!;
      const html = renderToStaticMarkup(await AuditPage({ searchParams: Promise.resolve({ search, action: "pregnancy.decision" }) }));
      const table = html.slice(html.indexOf('data-testid="audit-table"'));
      expect(table).toContain(NEUTRAL);
      expect(table).not.toMatch(REVEALING);
      // The filter offers the group, and none of its actions.
      expect(html).toContain(`<option value="pregnancy-prevention" selected="">${NEUTRAL}</option>`);
      expect(html).not.toContain('value="pregnancy.decision"');
      const view = await testDb().auditEvent.findFirstOrThrow({ where: { action: "audit.view", actorId: admin.id }, orderBy: { id: "desc" } });
      expect(view.changes).toMatchObject({ action: "pregnancy-prevention", search });

      const filtered = await csvRows(`search=${search}&action=pregnancy.decision`);
      expect(filtered.rows.map((r) => [r[5], r[6], r[7], r[10]])).toEqual(filtered.rows.map(() => [NEUTRAL, "Pregnancy prevention", "", ""]));
      const all = await csvRows(`search=${search}`);
      expect(all.text).not.toMatch(REVEALING);
      csv.push([...new Set(all.rows.map((r) => r[5]))].sort());
      const exported = await testDb().auditEvent.findFirstOrThrow({ where: { action: "audit.export", actorId: admin.id }, orderBy: { id: "desc" } });
      expect(exported.changes).not.toHaveProperty("action");
    }
    // The administrator's own reads name the patient too (access accounting).
    expect(csv[0]).toEqual([NEUTRAL, "audit.export", "audit.view", "course.start", "course.stop"]);
    expect(csv[1]).toEqual(csv[0]);
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });

  it("a lab review and a repeat notice read as any lab record; a laboratory message's own rows keep their names", async () => {
    const { p } = await patientOnCourse();
    const nurse = await makeUser("NURSE");
    await testDb().$transaction(async (tx) => {
      for (const action of ["lab.record", "lab.acknowledge", "lab.repeat_notice_acknowledge", "lab.message_import"] as const)
        await writeAudit(tx, nurse, { action, entityType: "LabResult", patientId: p.id, changes: { reviewAction: "REPEAT_TEST", patientIds: [p.id] } });
    });
    const report = await getAuditReport(ADMIN, { patient: p.id, actorId: nurse.id, page: 1 });
    expect(report.rows.map((r) => [r.action, r.entityType, r.changes])).toEqual([
      ["lab.message_import", "LabResult", { fields: ["patientIds", "reviewAction"] }],
      ["Lab record changed", "Lab record", null],
      ["Lab record changed", "Lab record", null],
      ["Lab record changed", "Lab record", null],
    ]);
    const filtered = await getAuditReport(ADMIN, { patient: p.id, actorId: nurse.id, action: "lab.repeat_notice_acknowledge", page: 1 });
    expect([filtered.action, filtered.total]).toEqual(["lab-results", 3]);
  });
});
