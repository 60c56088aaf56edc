import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { itemStatus } from "@/lib/domain/monitoring/protocol";
import { getPatientMonitoring, getWorklist, openItemsSql, statusSql } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, readyForFirstPrescription, testDb, TODAY } from "./helpers";

const today = TODAY;

describe("stored monitoring items", () => {
  it("the SQL status agrees with the domain's itemStatus, case by case", async () => {
    const db = testDb();
    const p = await makePatient();
    const cases: { due: string; completed: boolean; waived: boolean; soon: number; after: number }[] = [];
    for (const offset of [-30, -15, -14, -8, -7, -1, 0, 1, 6, 7, 8, 20]) for (const [completed, waived] of [[false, false], [true, false], [false, true]] as const) cases.push({ due: addDays(today, offset), completed, waived, soon: 7, after: offset % 2 === 0 ? 14 : 0 });
    await db.monitoringItemRow.createMany({
      data: cases.map((c, i) => ({ patientId: p.id, itemKey: `test:${randomUUID()}:${i}`, courseId: randomUUID(), kind: "PEAK_LABS", label: "x", dueDate: new Date(`${c.due}T00:00:00Z`), dueSoonDays: c.soon, overdueAfterDays: c.after, completedOn: c.completed ? new Date(`${today}T00:00:00Z`) : null, waived: c.waived, reason: "x" })),
    });
    const rows = await db.$queryRaw<{ item_key: string; status: string }[]>`SELECT item_key, (${statusSql(today)}) AS status FROM monitoring_items mi WHERE patient_id = ${p.id}::uuid`;
    for (const r of rows) {
      const c = cases[Number(r.item_key.split(":")[2])]!;
      expect(r.status, JSON.stringify(c)).toBe(itemStatus(c.due, today, c.completed, c.waived, c.soon, c.after));
    }
    expect(rows).toHaveLength(cases.length);
    // The worklist's index ranges select exactly the items of each status.
    const statusOf = new Map(rows.map((r) => [r.item_key, r.status]));
    for (const status of ["OVERDUE", "DUE", "DUE_SOON", undefined] as const) {
      const selected = await db.$queryRaw<{ item_key: string }[]>`SELECT item_key FROM monitoring_items mi WHERE patient_id = ${p.id}::uuid AND ${openItemsSql(today, status)}`;
      const expected = rows.filter((r) => (status ? r.status === status : ["OVERDUE", "DUE", "DUE_SOON"].includes(r.status))).map((r) => r.item_key);
      expect(selected.map((r) => r.item_key).sort(), String(status)).toEqual(expected.sort());
      expect(selected.length, String(status)).toBeGreaterThan(0);
      for (const r of selected) expect(statusOf.get(r.item_key)).not.toMatch(/COMPLETED|WAIVED|NOT_DUE/);
    }
    await db.monitoringItemRow.deleteMany({ where: { patientId: p.id } });
  });

  it("writes keep the stored items equal to the live computation", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await readyForFirstPrescription(p.id, addDays(today, -40), derm.id);
    const start = await callAction(() =>
      startCourseAction(IDLE, form({ patientId: p.id, indication: "ACNE_NODULAR", regimenIntent: "LOW_DOSE", startDate: addDays(today, -40), targetMgPerKg: "120", startWeightKg: "55", product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", mgPerIntake: "20", pattern: "DAILY", counseled: "on" })),
    );
    expect(start).toMatchObject({ redirect: expect.any(String) });
    const stored = async () => (await testDb().monitoringItemRow.findMany({ where: { patientId: p.id }, orderBy: { itemKey: "asc" } })).map((r) => [r.itemKey, r.completedOn?.toISOString().slice(0, 10) ?? null, r.waived]);
    const live = async () => (await getPatientMonitoring(p.id, today)).map((i) => [i.key, i.completedOn, i.status === "WAIVED"]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(await stored()).toEqual(await live());
    expect((await getWorklist(today, { sort: "days" })).rows.filter((r) => r.patientId === p.id).map((r) => r.kind)).toContain("BASELINE_LIVER");

    const tests = await testDb().labTest.findMany();
    const id = (code: string) => tests.find((t) => t.code === code)!.id;
    actAs(await makeUser("NURSE"));
    await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: addDays(today, -45), [`value:${id("1742-6")}`]: "20", [`value:${id("1920-8")}`]: "22" }));
    expect(await stored()).toEqual(await live());
    expect((await getWorklist(today, { sort: "days" })).rows.filter((r) => r.patientId === p.id).map((r) => r.kind)).not.toContain("BASELINE_LIVER");

    actAs(derm);
    const lipids = (await getPatientMonitoring(p.id, today)).find((i) => i.kind === "BASELINE_LIPIDS")!;
    await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: lipids.key, reason: "Outside lab" }));
    expect(await stored()).toEqual(await live());
    const page = await getWorklist(today, { sort: "name" }, { limit: 2, offset: 0 });
    expect(page.rows.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThanOrEqual(page.rows.length);
    // Pages are slices of the whole list in the same order, for every sort.
    for (const sort of ["days", "name"] as const) {
      const all = (await getWorklist(today, { sort })).rows.map((r) => `${r.patientId}/${r.itemKey}`);
      const pages = [...(await getWorklist(today, { sort }, { limit: 2, offset: 0 })).rows, ...(await getWorklist(today, { sort }, { limit: 2, offset: 2 })).rows].map((r) => `${r.patientId}/${r.itemKey}`);
      expect(all.length).toBeGreaterThanOrEqual(3); // two pages of two, the second partial
      expect(pages).toEqual(all.slice(0, 4));
    }
    const byDays = (await getWorklist(today, { sort: "days" })).rows.map((r) => r.dueDate);
    expect(byDays).toEqual([...byDays].sort());
  });
});
