import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { itemStatus } from "@/lib/domain/monitoring/protocol";
import { getPatientMonitoring, getWorklist, openItemsSql, statusSql } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, readyForFirstPrescription, storedItem, testDb, TODAY } from "./helpers";

const today = TODAY; // 2026-11-23
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Status = "OVERDUE" | "DUE" | "DUE_SOON" | "NOT_DUE" | "COMPLETED" | "WAIVED";

describe("stored monitoring items", () => {
  it("the SQL status is the protocol's, case by case, and each worklist range selects exactly its status", async () => {
    const db = testDb();
    const p = await makePatient();
    // Due on `due`, due soon 7 days before; overdue after 14 days or at once (after = 0). Completed and
    // waived items keep their status whatever the dates; a waiver wins over a completion.
    const open: [string, number, Status][] = [
      ["2026-10-24", 14, "OVERDUE"], // 30 days late
      ["2026-11-08", 0, "OVERDUE"], // 15 days late
      ["2026-11-09", 14, "DUE"], // 14 days late: the last day before overdue
      ["2026-11-15", 14, "DUE"],
      ["2026-11-16", 0, "OVERDUE"],
      ["2026-11-22", 0, "OVERDUE"], // 1 day late, no grace
      ["2026-11-23", 14, "DUE"], // due today
      ["2026-11-24", 0, "DUE_SOON"],
      ["2026-11-29", 14, "DUE_SOON"],
      ["2026-11-30", 0, "DUE_SOON"], // 7 days ahead: the first day of due soon
      ["2026-12-01", 14, "NOT_DUE"],
      ["2026-12-13", 14, "NOT_DUE"],
    ];
    const cases = open.flatMap(([due, after, status]) => [
      { due, after, completed: false, waived: false, status },
      { due, after, completed: true, waived: false, status: "COMPLETED" as const },
      { due, after, completed: true, waived: true, status: "WAIVED" as const },
      { due, after, completed: false, waived: true, status: "WAIVED" as const },
    ]);
    await db.monitoringItemRow.createMany({
      data: cases.map((c, i) => ({
        patientId: p.id,
        itemKey: `test:${i}`,
        courseId: randomUUID(),
        kind: "PEAK_LABS",
        label: "x",
        dueDate: day(c.due),
        dueSoonDays: 7,
        overdueAfterDays: c.after,
        completedOn: c.completed ? day(today) : null,
        waived: c.waived,
        reason: "x",
      })),
    });
    const rows = await db.$queryRaw<
      { item_key: string; status: string }[]
    >`SELECT item_key, (${statusSql(today)}) AS status FROM monitoring_items mi WHERE patient_id = ${p.id}::uuid`;
    const byKey = Object.fromEntries(rows.map((r) => [r.item_key, r.status]));
    expect(byKey).toEqual(Object.fromEntries(cases.map((c, i) => [`test:${i}`, c.status])));
    for (const c of cases) expect(itemStatus(c.due, today, c.completed, c.waived, 7, c.after), JSON.stringify(c)).toBe(c.status);

    const keysWith = (...statuses: Status[]) => cases.flatMap((c, i) => (statuses.includes(c.status) ? [`test:${i}`] : [])).sort();
    for (const [status, expected] of [
      ["OVERDUE", keysWith("OVERDUE")],
      ["DUE", keysWith("DUE")],
      ["DUE_SOON", keysWith("DUE_SOON")],
      [undefined, keysWith("OVERDUE", "DUE", "DUE_SOON")],
    ] as const) {
      const selected = await db.$queryRaw<
        { item_key: string }[]
      >`SELECT item_key FROM monitoring_items mi WHERE patient_id = ${p.id}::uuid AND ${openItemsSql(today, status)}`;
      expect(selected.map((r) => r.item_key).sort(), String(status)).toEqual(expected);
    }
    expect([keysWith("OVERDUE").length, keysWith("DUE").length, keysWith("DUE_SOON").length]).toEqual([4, 3, 3]);
    await db.monitoringItemRow.deleteMany({ where: { patientId: p.id } });
  });

  it("writes keep the stored items equal to the live computation, and to the protocol's items worked out by hand", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // Pregnancy tests on 2026-09-19 and 2026-10-12, contraception from 2026-08-30; 20 mg daily from 2026-10-14.
    const confirm = await readyForFirstPrescription(p.id, "2026-10-14", derm.id);
    const start = await callAction(() =>
      startCourseAction(
        IDLE,
        form({
          patientId: p.id,
          indication: "ACNE_NODULAR",
          regimenIntent: "LOW_DOSE",
          startDate: "2026-10-14",
          targetMgPerKg: "120",
          startWeightKg: "55",
          product: "CLARAVIS",
          capsuleStrengthMg: "20",
          daysSupply: "30",
          mgPerIntake: "20",
          pattern: "DAILY",
          counseled: "on",
          ...confirm,
        }),
      ),
    );
    expect(start).toMatchObject({ redirect: expect.any(String) });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    const c = `course:${course.id}`;
    const byKey = <T extends unknown[]>(rows: T[]) => rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    const stored = async () =>
      byKey(
        (await testDb().monitoringItemRow.findMany({ where: { patientId: p.id } })).map((r) => [
          r.itemKey,
          r.dueDate.toISOString().slice(0, 10),
          r.completedOn?.toISOString().slice(0, 10) ?? null,
          r.waived,
        ]),
      );
    const live = async () => byKey((await getPatientMonitoring(CLINICIAN, p.id, today)).map((i) => [i.key, i.dueDate, i.completedOn, i.status === "WAIVED"]));
    const worklist = async () =>
      (await getWorklist(CLINICIAN, today, { sort: "days" })).rows.filter((r) => r.patientId === p.id).map((r) => [r.kind, r.dueDate, r.status, r.daysOverdue]);
    // Baseline labs due at the start, none recorded; peak labs 8 weeks after the start; the screening tests
    // and the prescription's test (2 days before) done; the first monthly test 30 days after 12 Oct.
    const items = (liver: string | null, lipidsWaived: boolean) => [
      [`${c}:baseline-lipids`, "2026-10-14", null, lipidsWaived],
      [`${c}:baseline-liver`, "2026-10-14", liver, false],
      [`${c}:peak`, "2026-12-09", null, false],
      [`${c}:preg-monthly:2026-11-11`, "2026-11-11", null, false],
      [`${c}:preg-screening`, "2026-10-14", "2026-10-12", false],
      // The 30-day supply written at the start lasts through 12 Nov: a renewal is due on the 13th.
      [`${c}:rx-renewal:2026-11-12`, "2026-11-13", null, false],
      [`rx:${rx.id}:preg`, "2026-10-14", "2026-10-12", false],
    ];
    expect(await stored()).toEqual(items(null, false));
    expect(await live()).toEqual(items(null, false));
    expect(await worklist()).toEqual([
      ["BASELINE_LIPIDS", "2026-10-14", "OVERDUE", 40],
      ["BASELINE_LIVER", "2026-10-14", "OVERDUE", 40],
      ["PREG_MONTHLY", "2026-11-11", "OVERDUE", 12],
      ["RX_RENEWAL", "2026-11-13", "OVERDUE", 10],
    ]);

    const tests = await testDb().labTest.findMany();
    const id = (code: string) => tests.find((t) => t.code === code)!.id;
    actAs(await makeUser("NURSE"));
    expect(
      await recordLabPanelAction(
        IDLE,
        form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-10-09", [`value:${id("1742-6")}`]: "20", [`value:${id("1920-8")}`]: "22" }),
      ),
    ).toEqual({
      status: "ok",
      message: "2 results recorded for 9 Oct 2026.",
    });
    expect(await stored()).toEqual(items("2026-10-09", false));
    expect(await live()).toEqual(items("2026-10-09", false));
    expect((await worklist()).map((r) => r[0])).toEqual(["BASELINE_LIPIDS", "PREG_MONTHLY", "RX_RENEWAL"]);

    actAs(derm);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: `${c}:baseline-lipids`, reason: "Outside lab" }))).toMatchObject({ status: "ok" });
    expect(await stored()).toEqual(items("2026-10-09", true));
    expect(await live()).toEqual(items("2026-10-09", true));
    expect((await worklist()).map((r) => r[0])).toEqual(["PREG_MONTHLY", "RX_RENEWAL"]);
  });

  it("the worklist pages one clinician's open items in each order, with the exact total", async () => {
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    const patient = async (lastName: string) => db.patient.update({ where: { id: (await makePatient()).id }, data: { lastName, primaryClinicianId: derm.id } });
    const [alpha, bravo, charlie] = [await patient("Alpha"), await patient("Bravo"), await patient("Charlie")];
    const item = storedItem;
    await db.monitoringItemRow.createMany({
      data: [
        item(alpha.id, "a1", "2026-11-01"), // overdue (22 days)
        item(alpha.id, "a2", "2026-11-20"), // due (3 days late)
        item(bravo.id, "b1", "2026-10-30"), // overdue (24 days)
        item(bravo.id, "b2", "2026-11-25"), // due soon
        item(bravo.id, "b3", "2026-12-20"), // not due yet: not on the worklist
        item(bravo.id, "b4", "2026-10-01", { completedOn: day("2026-10-02") }),
        item(charlie.id, "c1", "2026-11-23"), // due today
        item(charlie.id, "c2", "2026-10-01", { waived: true }),
      ],
    });
    const keys = async (sort: "name" | "days", page?: { limit: number; offset: number }, status?: "OVERDUE") => {
      const r = await getWorklist(CLINICIAN, today, { sort, clinicianId: derm.id, status }, page);
      return { keys: r.rows.map((row) => row.itemKey), total: r.total };
    };
    expect(await keys("name")).toEqual({ keys: ["a1", "a2", "b1", "b2", "c1"], total: 5 });
    expect(await keys("name", { limit: 2, offset: 0 })).toEqual({ keys: ["a1", "a2"], total: 5 });
    expect(await keys("name", { limit: 2, offset: 2 })).toEqual({ keys: ["b1", "b2"], total: 5 });
    expect(await keys("name", { limit: 2, offset: 4 })).toEqual({ keys: ["c1"], total: 5 });
    expect(await keys("days")).toEqual({ keys: ["b1", "a1", "a2", "c1", "b2"], total: 5 });
    expect(await keys("days", { limit: 2, offset: 0 })).toEqual({ keys: ["b1", "a1"], total: 5 });
    expect(await keys("days", { limit: 2, offset: 2 })).toEqual({ keys: ["a2", "c1"], total: 5 });
    expect(await keys("days", { limit: 2, offset: 4 })).toEqual({ keys: ["b2"], total: 5 });
    expect(await keys("days", { limit: 1, offset: 0 }, "OVERDUE")).toEqual({ keys: ["b1"], total: 2 });
    const rows = (await getWorklist(CLINICIAN, today, { sort: "days", clinicianId: derm.id })).rows;
    expect(rows.map((r) => [r.patientName, r.status, r.daysOverdue, r.clinician])).toEqual([
      ["Bravo, Test", "OVERDUE", 24, "Test DERMATOLOGIST"],
      ["Alpha, Test", "OVERDUE", 22, "Test DERMATOLOGIST"],
      ["Alpha, Test", "DUE", 3, "Test DERMATOLOGIST"],
      ["Charlie, Test", "DUE", 0, "Test DERMATOLOGIST"],
      ["Bravo, Test", "DUE_SOON", 0, "Test DERMATOLOGIST"],
    ]);
  });
});
