import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { acknowledgeLabAction, addOutreachNoteAction, recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { GET as exportCsv } from "@/app/(portal)/monitoring/export/route";
import { addCatalogueTestAction, setCatalogueTestActiveAction } from "@/app/(portal)/lab-catalogue/actions";
import { addDays } from "@/lib/domain/dates";
import { getLabAlerts } from "@/lib/data/labs";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY, CLINICIAN } from "./helpers";
import { startCourseFor } from "./course-fixture";
import { makeLabInterface, oru, postHl7 } from "./hl7-helpers";

const today = TODAY;

async function testIds() {
  const tests = await testDb().labTest.findMany();
  const id = (code: string) => tests.find((t) => t.code === code)!.id;
  return { TG: id("2571-8"), CHOL: id("2093-3"), ALT: id("1742-6"), AST: id("1920-8"), HCG: id("2106-3") };
}

async function panel(patientId: string, values: Record<string, string>, submissionId = randomUUID(), specimenDate = today, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = { patientId, submissionId, specimenDate, ...extra };
  for (const [testId, v] of Object.entries(values)) fields[`value:${testId}`] = v;
  return recordLabPanelAction(IDLE, form(fields));
}

describe("lab results", () => {
  it("the dashboard's list says when a result of the same test was collected since, and what it was", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    // TG 520 on 15 Nov (high), 141 on 22 Nov (normal); ALT 90 on 20 Nov (high) with nothing since.
    expect(await panel(p.id, { [ids.TG]: "520" }, randomUUID(), "2026-11-15")).toMatchObject({ status: "ok" });
    expect(await panel(p.id, { [ids.ALT]: "90" }, randomUUID(), "2026-11-20")).toMatchObject({ status: "ok" });
    expect(await panel(p.id, { [ids.TG]: "141" }, randomUUID(), "2026-11-22")).toMatchObject({ status: "ok" });
    const alerts = (await getLabAlerts(CLINICIAN, 1000)).abnormal.filter((a) => a.patientId === p.id);
    // TG 520 is action-level (at least 500), listed before the high ALT.
    expect(alerts.map((a) => [a.analyte, a.flag, a.specimenDate, a.later])).toEqual([
      ["TG", "ACTION", "2026-11-15", { flag: "NORMAL", specimenDate: "2026-11-22" }],
      ["ALT", "HIGH", "2026-11-20", null],
    ]);
  });

  it("records a panel with flags from the thresholds, its LOINC codes and reference ranges", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const r = await panel(p.id, { [ids.TG]: "520", [ids.ALT]: "35", [ids.AST]: "" });
    expect(r).toEqual({ status: "ok", message: "2 results recorded for 23 Nov 2026; 1 abnormal, listed for the dermatologist's review." });
    const rows = await testDb().labResult.findMany({ where: { patientId: p.id }, orderBy: { analyte: "asc" } });
    expect(rows.map((x) => [x.analyte, x.code, x.codeSystem, x.flag, Number(x.refHigh)])).toEqual([
      ["ALT", "1742-6", "http://loinc.org", "NORMAL", 40],
      ["TG", "2571-8", "http://loinc.org", "ACTION", 150],
    ]);
    expect(await testDb().auditEvent.count({ where: { patientId: p.id, action: "lab.record" } })).toBe(1);
  });

  it("a duplicate submission counts once", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const submissionId = randomUUID();
    await panel(p.id, { [ids.TG]: "100", [ids.CHOL]: "180" }, submissionId);
    const again = await panel(p.id, { [ids.TG]: "100", [ids.CHOL]: "180" }, submissionId);
    expect(again).toEqual({ status: "ok", message: "These results were already recorded; nothing was added." });
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(2);
  });

  it("two nurses entering labs in parallel: exact counts", async () => {
    const [n1, n2] = [await makeUser("NURSE"), await makeUser("NURSE")];
    const ids = await testIds();
    const p = await makePatient();
    actAs(n1);
    const jobs = Array.from({ length: 10 }, (_, i) => panel(p.id, { [ids.TG]: String(100 + i), [ids.ALT]: String(20 + i) }, randomUUID()));
    actAs(n2);
    jobs.push(...Array.from({ length: 10 }, (_, i) => panel(p.id, { [ids.TG]: String(200 + i) }, randomUUID())));
    const results = await Promise.all(jobs);
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(30);
    expect(await testDb().auditEvent.count({ where: { patientId: p.id, action: "lab.record" } })).toBe(20);
  });

  it.each([
    [{ TG: "-5" }, "value:"],
    [{ TG: "abc" }, "value:"],
    [{ TG: "1e5" }, "value:"],
    [{ HCG: "MAYBE" }, "value:"],
    [{}, "_form"],
  ])("rejects %o and writes nothing", async (vals, field) => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const before = await countRows();
    const mapped = Object.fromEntries(Object.entries(vals).map(([k, v]) => [ids[k as keyof typeof ids], v]));
    const r = await panel(p.id, mapped);
    expect(r.status).toBe("error");
    expect(Object.keys((r as { fieldErrors: object }).fieldErrors).some((k) => k.startsWith(field))).toBe(true);
    expect(await countRows()).toEqual(before);
  });

  it("says why a panel with no result is refused in its message, which no field would show", async () => {
    actAs(await makeUser("NURSE"));
    const p = await makePatient();
    expect(await panel(p.id, {})).toMatchObject({ status: "error", message: "Enter at least one result." });
  });

  it("refuses a future specimen date, and staff may not record labs", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    expect(await panel(p.id, { [ids.TG]: "100" }, randomUUID(), addDays(today, 1))).toMatchObject({
      status: "error",
      fieldErrors: { specimenDate: expect.any(Array) },
    });
    actAs(await makeUser("STAFF"));
    expect(await panel(p.id, { [ids.TG]: "100" })).toEqual({ status: "error", message: "You do not have permission to do this." });
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("a positive pregnancy test stays a critical alert until a dermatologist documents a decision", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    expect(await panel(p.id, { [ids.HCG]: "POSITIVE" })).toMatchObject({
      status: "error",
      fieldErrors: { pregnancyTestSetting: ["Choose where the pregnancy test was done."] },
    });
    expect(await panel(p.id, { [ids.HCG]: "POSITIVE" }, randomUUID(), today, { pregnancyTestSetting: "OFFICE" })).toMatchObject({ status: "ok" });
    const result = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    expect([result.flag, result.pregnancyTestSetting]).toEqual(["CRITICAL", "OFFICE"]);
    expect((await getLabAlerts(CLINICIAN, 1000)).critical.map((a) => a.id)).toContain(result.id);
    expect(await acknowledgeLabAction(IDLE, form({ labResultId: result.id }))).toMatchObject({ status: "error" }); // a nurse cannot
    actAs(await makeUser("DERMATOLOGIST"));
    // "Mark reviewed" is not a decision: the alert stays until one is documented.
    expect(await acknowledgeLabAction(IDLE, form({ labResultId: result.id }))).toMatchObject({
      status: "error",
      message: expect.stringContaining("documenting a decision"),
    });
    expect((await getLabAlerts(CLINICIAN, 1000)).critical.map((a) => a.id)).toContain(result.id);
  });
});

describe("the clinic's own tests", () => {
  it("a dermatologist adds a LOINC-coded test; results are flagged from its own range; retiring keeps history", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const code = `${Math.floor(Math.random() * 90000) + 10000}-1`;
    expect(
      await addCatalogueTestAction(IDLE, form({ code, name: "Vitamin D, 25-OH", kind: "QUANTITATIVE", unit: "ng/mL", refLow: "30", refHigh: "100" })),
    ).toMatchObject({ status: "ok" });
    expect(await addCatalogueTestAction(IDLE, form({ code, name: "Dup", kind: "QUANTITATIVE" }))).toMatchObject({ fieldErrors: { code: expect.any(Array) } });
    expect(await addCatalogueTestAction(IDLE, form({ code: "abc", name: "x", kind: "QUANTITATIVE", refLow: "9", refHigh: "1" }))).toMatchObject({
      fieldErrors: { code: expect.any(Array), refHigh: expect.any(Array) },
    });
    const test = await testDb().labTest.findFirstOrThrow({ where: { code } });
    actAs(await makeUser("NURSE"));
    const p = await makePatient();
    await panel(p.id, { [test.id]: "12" });
    expect(await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } })).toMatchObject({ flag: "LOW", code, unit: "ng/mL" });
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "false" }))).toMatchObject({ status: "error" }); // nurses may not
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "false" }))).toMatchObject({ status: "ok" });
    expect(await testDb().labResult.count({ where: { labTestId: test.id } })).toBe(1);
  });
});

describe("a clinic-added test's unit", () => {
  it("is the only one its results are taken in: its range and levels are in it, and nothing converts another", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const code = `${Math.floor(Math.random() * 90000) + 10000}-2`;
    await addCatalogueTestAction(IDLE, form({ code, name: "Vitamin D, 25-OH", kind: "QUANTITATIVE", unit: "ng/mL", refLow: "30", refHigh: "100" }));
    const test = await testDb().labTest.findFirstOrThrow({ where: { code } });
    const p = await makePatient();
    // 40 nmol/L is 16 ng/mL, below the range: judged as 40 ng/mL it would be normal.
    const { token } = await makeLabInterface(await makeUser("ADMIN"), `Unit lab ${code}`);
    const sent = await postHl7(token, oru(`U-${randomUUID().slice(0, 8)}`, p.mrn, [`NM|${code}^Vitamin D^LN||40|nmol/L||||||F`]));
    expect(sent.msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (unit not accepted).");
    actAs(await makeUser("NURSE"));
    expect(await panel(p.id, { [test.id]: "40" }, randomUUID(), today, { [`unit:${test.id}`]: "nmol/L" })).toMatchObject({
      status: "error",
      fieldErrors: { [`unit:${test.id}`]: ["The unit nmol/L is not accepted for this test: use ng/mL."] },
    });
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("monitoring", () => {
  async function courseWithoutBaseline() {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(today, -20), startWeightKg: "60", mgPerIntake: "40" });
    return { derm, patient: p };
  }

  it("an overdue item reaches the worklist with contact details and no lab values; outreach is logged", async () => {
    const { patient } = await courseWithoutBaseline();
    const rows = (await getWorklist(CLINICIAN, today, { sort: "days" })).rows.filter((r) => r.patientId === patient.id);
    expect(rows.map((r) => r.kind).sort()).toEqual(["BASELINE_LIPIDS", "BASELINE_LIVER"]);
    expect(rows[0]).toMatchObject({ status: "OVERDUE", daysOverdue: 20, mrn: patient.mrn });
    expect(Object.keys(rows[0]!)).not.toContain("value");
    actAs(await makeUser("STAFF"));
    expect(
      await addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey: rows[0]!.itemKey, outcome: "LEFT_MESSAGE", note: "Called, left message" })),
    ).toMatchObject({
      status: "ok",
    });
    const after = (await getWorklist(CLINICIAN, today, { sort: "days" })).rows.find((r) => r.itemKey === rows[0]!.itemKey)!;
    expect(after.lastOutreach?.note).toBe("Called, left message");
    expect(
      await addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey: `course:${randomUUID()}:baseline-liver`, outcome: "NO_ANSWER", note: "x" })),
    ).toMatchObject({
      status: "error",
    });
  });

  it("recording the missing labs completes the items", async () => {
    const { patient } = await courseWithoutBaseline();
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    await panel(patient.id, { [ids.ALT]: "20", [ids.AST]: "22", [ids.TG]: "90", [ids.CHOL]: "170" }, randomUUID(), addDays(today, -25));
    const items = await getPatientMonitoring(CLINICIAN, patient.id, today);
    expect(items.filter((i) => i.kind.startsWith("BASELINE")).map((i) => i.status)).toEqual(["COMPLETED", "COMPLETED"]);
  });

  it("a completed item takes no waiver and no outreach note: both are refused and nothing is written", async () => {
    const { derm, patient } = await courseWithoutBaseline();
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    await panel(patient.id, { [ids.ALT]: "20", [ids.AST]: "22" }, randomUUID(), addDays(today, -25));
    const liver = (await getPatientMonitoring(CLINICIAN, patient.id, today)).find((i) => i.kind === "BASELINE_LIVER")!;
    expect(liver.status).toBe("COMPLETED");
    const completed = { status: "error", message: "That monitoring item is already completed; nothing was recorded." };
    actAs(derm);
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: liver.key, reason: "Done at an outside lab" }))).toMatchObject(completed);
    expect(await addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey: liver.key, outcome: "NO_ANSWER", note: "Called" }))).toMatchObject(
      completed,
    );
    expect(await testDb().monitoringWaiver.count({ where: { patientId: patient.id } })).toBe(0);
    expect(await testDb().outreachNote.count({ where: { patientId: patient.id } })).toBe(0);
    expect(await testDb().auditEvent.count({ where: { patientId: patient.id, action: { in: ["monitoring.waive", "monitoring.outreach"] } } })).toBe(0);
    expect((await getPatientMonitoring(CLINICIAN, patient.id, today)).find((i) => i.key === liver.key)).toMatchObject({ status: "COMPLETED", waiver: null });
    // The lipids, still open, take both.
    const lipids = (await getPatientMonitoring(CLINICIAN, patient.id, today)).find((i) => i.kind === "BASELINE_LIPIDS")!;
    expect(await addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey: lipids.key, outcome: "NO_ANSWER", note: "Called" }))).toMatchObject({
      status: "ok",
    });
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: lipids.key, reason: "Done at an outside lab" }))).toMatchObject({ status: "ok" });
    // The audit row names the waiver it made, as the row of its void does.
    const waiver = await testDb().monitoringWaiver.findFirstOrThrow({ where: { patientId: patient.id, itemKey: lipids.key } });
    const row = await testDb().auditEvent.findFirstOrThrow({ where: { patientId: patient.id, action: "monitoring.waive" } });
    expect(row.entityId).toBe(waiver.id);
  });

  it("only a dermatologist can waive, with a reason, once", async () => {
    const { derm, patient } = await courseWithoutBaseline();
    const key = (await getPatientMonitoring(CLINICIAN, patient.id, today)).find((i) => i.kind === "BASELINE_LIPIDS")!.key;
    actAs(await makeUser("STAFF"));
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: key, reason: "outside lab" }))).toEqual({
      status: "error",
      message: "You do not have permission to do this.",
    });
    actAs(derm);
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: key, reason: "" }))).toMatchObject({
      status: "error",
      fieldErrors: { reason: expect.any(Array) },
    });
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: key, reason: "Lipids done at outside lab" }))).toMatchObject({ status: "ok" });
    expect(await waiveItemAction(IDLE, form({ patientId: patient.id, itemKey: key, reason: "again" }))).toMatchObject({ status: "error" });
    const item = (await getPatientMonitoring(CLINICIAN, patient.id, today)).find((i) => i.key === key)!;
    expect(item).toMatchObject({ status: "WAIVED", reason: "Waived: Lipids done at outside lab" });
  });

  it("the CSV export needs a session and the permission, neutralizes formulas, and is audited", async () => {
    const { patient } = await courseWithoutBaseline();
    await testDb().patient.update({ where: { id: patient.id }, data: { lastName: '=HYPERLINK("http://evil")' } });
    actAs(null);
    expect((await exportCsv(new Request("http://x/monitoring/export"))).status).toBe(401);
    actAs(await makeUser("ADMIN"));
    expect((await exportCsv(new Request("http://x/monitoring/export"))).status).toBe(403);
    const staff = await makeUser("STAFF");
    actAs(staff);
    const res = await exportCsv(new Request("http://x/monitoring/export?status=OVERDUE"));
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(patient.mrn);
    expect(csv).not.toMatch(/(^|,)"=HYPERLINK/m);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil""), Test"`);
    expect(await testDb().auditEvent.count({ where: { actorId: staff.id, action: "monitoring.export" } })).toBe(1);
  });
});
