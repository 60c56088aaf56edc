import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/(portal)/monitoring/export/route";
import { getOutreachHistory, getPatientWorklist, type PatientWorklistQuery } from "@/lib/data/worklist";
import { DERMATOLOGIST_ONLY_KINDS } from "@/lib/domain/monitoring/items";
import { actAs, makePatient, makeUser, storedItem, testDb, TODAY } from "./helpers";

const today = TODAY; // 2026-11-23
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const STAFF = { role: "STAFF" as const };

/**
 * One clinician's four patients (the filter keeps other tests' rows out):
 * Alpha: a1 due 1 Nov (overdue, 22 days), a2 due 20 Nov (due). Bravo: b1 due 30 Oct (overdue, 24 days),
 * b2 due 25 Nov (due soon), b3 due 20 Dec (not due), b4 completed. Charlie: c1 due today, c2 waived.
 * Delta: nothing open.
 */
async function clinic() {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const patient = async (lastName: string, phone: string) =>
    db.patient.update({
      where: { id: (await makePatient()).id },
      data: { lastName, phone, email: `${lastName.toLowerCase()}@example.test`, primaryClinicianId: derm.id },
    });
  const alpha = await patient("Alpha", "(555) 201-0001");
  const bravo = await patient("Bravo", "555.201.0002");
  const charlie = await patient("Charlie", "555 201 0003");
  const delta = await patient("Delta", "555 201 0004");
  const item = (patientId: string, itemKey: string, due: string, label: string, over: { completedOn?: Date; waived?: boolean } = {}) =>
    storedItem(patientId, itemKey, due, { label, ...over });
  await db.monitoringItemRow.createMany({
    data: [
      item(alpha.id, "a1", "2026-11-01", "Baseline ALT/AST"),
      item(alpha.id, "a2", "2026-11-20", "Baseline fasting lipids"),
      item(bravo.id, "b1", "2026-10-30", "Periodic ALT + triglycerides"),
      item(bravo.id, "b2", "2026-11-25", "Monthly pregnancy test"),
      item(bravo.id, "b3", "2026-12-20", "Periodic ALT + triglycerides"),
      item(bravo.id, "b4", "2026-10-01", "Baseline ALT/AST", { completedOn: day("2026-10-02") }),
      item(charlie.id, "c1", "2026-11-23", "Monthly pregnancy test"),
      item(charlie.id, "c2", "2026-10-01", "Baseline ALT/AST", { waived: true }),
      item(delta.id, "d1", "2026-12-20", "Periodic ALT + triglycerides"),
    ],
  });
  const names = { [alpha.id]: "Alpha", [bravo.id]: "Bravo", [charlie.id]: "Charlie", [delta.id]: "Delta" };
  const list = async (q: Partial<PatientWorklistQuery> = {}, pageSize = 25) => {
    const r = await getPatientWorklist(STAFF, today, { sort: "due", dir: "asc", page: 1, clinicianId: derm.id, ...q }, pageSize);
    return { ...r, names: r.rows.map((row) => names[row.patientId]) };
  };
  return { derm, alpha, bravo, charlie, delta, list };
}

describe("the patient worklist", () => {
  it("lists each patient once with their open items, due dates and days overdue, and no lab value", async () => {
    const { list, bravo, derm } = await clinic();
    const r = await list();
    expect(r.names).toEqual(["Bravo", "Alpha", "Charlie"]);
    expect(r.total).toBe(3);
    const b = r.rows[0]!;
    expect(b).toMatchObject({
      patientId: bravo.id,
      patientName: "Bravo, Test",
      mrn: bravo.mrn,
      phone: "555.201.0002",
      firstDue: "2026-10-30",
      daysOverdue: 24,
    });
    expect(b.clinician).toBe(derm.name);
    expect(b.items).toEqual([
      { itemKey: "b1", kind: "PEAK_LABS", label: "Periodic ALT + triglycerides", dueDate: "2026-10-30", status: "OVERDUE", daysOverdue: 24 },
      { itemKey: "b2", kind: "PEAK_LABS", label: "Monthly pregnancy test", dueDate: "2026-11-25", status: "DUE_SOON", daysOverdue: 0 },
    ]);
    expect(r.rows[1]!.items.map((i) => [i.itemKey, i.status, i.daysOverdue])).toEqual([
      ["a1", "OVERDUE", 22],
      ["a2", "DUE", 3],
    ]);
    expect(r.rows[2]!.items.map((i) => [i.itemKey, i.status])).toEqual([["c1", "DUE"]]);
    for (const row of r.rows) expect(Object.keys(row).filter((k) => /value|reason|result/i.test(k))).toEqual([]);
  });

  it("exports as days overdue the most overdue of a patient's items, as the page shows it: none for an item due within its grace days", async () => {
    const { derm } = await clinic();
    const db = testDb();
    // Echo: e1 due 13 Nov, due (10 days, within 14 days' grace); e2 due 21 Nov with no grace, overdue 2 days.
    const echo = await db.patient.update({ where: { id: (await makePatient()).id }, data: { lastName: "Echo", primaryClinicianId: derm.id } });
    await db.monitoringItemRow.createMany({
      data: [storedItem(echo.id, "e1", "2026-11-13"), { ...storedItem(echo.id, "e2", "2026-11-21"), overdueAfterDays: 0 }],
    });
    // A call at 15:00 UTC on 21 Nov: 10:00 on the clinic's clock (New York), as the page shows it.
    await db.outreachNote.create({
      data: { patientId: echo.id, itemKey: "e2", note: "Called", outcome: "NO_ANSWER", createdById: derm.id, createdAt: new Date("2026-11-21T15:00:00Z") },
    });
    actAs(await makeUser("STAFF"));
    const contact = async () => {
      const res = await exportCsv(new Request(`http://x/monitoring/export?clinician=${derm.id}`));
      const rows = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true }).data;
      return rows.map((r) => [r["Patient"], r["Last contact"]]).filter(([, c]) => c);
    };
    expect(await contact()).toEqual([["Echo, Test", "2026-11-21 10:00"]]);
    const exported = async (filter: string) => {
      const res = await exportCsv(new Request(`http://x/monitoring/export?clinician=${derm.id}${filter}`));
      expect(res.status).toBe(200);
      const rows = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true }).data;
      return rows.map((r) => [r["Patient"], r["Earliest due"], r["Days since earliest due"], r["Days overdue"]]);
    };
    // Today is 23 Nov: the page's "N days ago" beside the days overdue past the grace days.
    expect(await exported("")).toEqual([
      ["Bravo, Test", "2026-10-30", "24", "24"],
      ["Alpha, Test", "2026-11-01", "22", "22"],
      ["Echo, Test", "2026-11-13", "10", "2"],
      ["Charlie, Test", "2026-11-23", "0", "0"],
    ]);
    // Only the due items: none of them is overdue.
    expect(await exported("&status=DUE")).toEqual([
      ["Echo, Test", "2026-11-13", "10", "0"],
      ["Alpha, Test", "2026-11-20", "3", "0"],
      ["Charlie, Test", "2026-11-23", "0", "0"],
    ]);
  });

  it("filters by status and item kind, showing only the matching items", async () => {
    const { list } = await clinic();
    const overdue = await list({ status: "OVERDUE" });
    expect(overdue.names).toEqual(["Bravo", "Alpha"]);
    expect(overdue.rows.map((r) => r.items.map((i) => i.itemKey))).toEqual([["b1"], ["a1"]]);
    expect((await list({ kind: "PREG_MONTHLY" })).total).toBe(0);
  });

  it("sorts by each column in both directions", async () => {
    const { list, alpha, charlie, derm } = await clinic();
    const db = testDb();
    await db.outreachNote.create({
      data: { patientId: alpha.id, itemKey: "a1", note: "Called", outcome: "NO_ANSWER", createdById: derm.id, createdAt: new Date("2026-11-20T15:00:00Z") },
    });
    // Sent already: a reminder left QUEUED would be sent by the next test file's dispatch run.
    const sentAt = new Date("2026-11-21T15:00:00Z");
    await db.reminder.create({
      data: {
        patientId: charlie.id,
        channel: "EMAIL",
        recipient: "charlie@example.test",
        createdById: derm.id,
        createdAt: sentAt,
        status: "SENT",
        attempts: 1,
        claimedAt: sentAt,
        finishedAt: sentAt,
      },
    });
    expect((await list({ sort: "due", dir: "desc" })).names).toEqual(["Charlie", "Alpha", "Bravo"]);
    expect((await list({ sort: "name", dir: "asc" })).names).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect((await list({ sort: "name", dir: "desc" })).names).toEqual(["Charlie", "Bravo", "Alpha"]);
    // Two open items each: the earlier first due breaks the tie.
    expect((await list({ sort: "items", dir: "desc" })).names).toEqual(["Bravo", "Alpha", "Charlie"]);
    expect((await list({ sort: "items", dir: "asc" })).names).toEqual(["Charlie", "Bravo", "Alpha"]);
    // Never contacted counts as longest ago.
    expect((await list({ sort: "contact", dir: "asc" })).names).toEqual(["Bravo", "Alpha", "Charlie"]);
    expect((await list({ sort: "contact", dir: "desc" })).names).toEqual(["Charlie", "Alpha", "Bravo"]);
    const mrns = (await list({ sort: "mrn", dir: "asc" })).rows.map((r) => r.mrn);
    expect(mrns).toEqual([...mrns].sort());
    expect((await list({ sort: "contact" })).rows.find((r) => r.patientId === charlie.id)?.lastContactAt).toBe("2026-11-21T15:00:00.000Z");
  });

  /** Five patients with open items in a year long past, before anyone else's: three share their earliest due date. */
  async function tiedClinic(year: number) {
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    const dues: Record<string, string[]> = {
      Echo: ["11-10"],
      Foxtrot: ["11-10", "11-12"],
      Golf: ["11-10"],
      Hotel: ["11-05", "11-06", "11-07"],
      India: ["11-12"],
    };
    const names: Record<string, string> = {};
    for (const [lastName, dates] of Object.entries(dues)) {
      const p = await db.patient.update({ where: { id: (await makePatient()).id }, data: { lastName, primaryClinicianId: derm.id } });
      names[p.id] = lastName;
      await db.monitoringItemRow.createMany({ data: dates.map((d, i) => storedItem(p.id, `k${i}`, `${year}-${d}`)) });
    }
    return { derm, names };
  }

  it("pages through ties at a page's edge in every order that stops early, each patient once", async () => {
    const { derm, names } = await tiedClinic(1981);
    const pages = async (sort: PatientWorklistQuery["sort"], dir: PatientWorklistQuery["dir"]) => {
      const out: string[][] = [];
      for (let page = 1; page <= 3; page++) {
        const r = await getPatientWorklist(STAFF, today, { sort, dir, page, clinicianId: derm.id }, 2);
        expect(r).toMatchObject({ total: 5, pageCount: 3, page });
        out.push(r.rows.map((row) => names[row.patientId]!));
      }
      return out;
    };
    // Earliest due first, the name breaking ties: three patients share 10 Nov across the first two pages.
    expect(await pages("due", "asc")).toEqual([["Hotel", "Echo"], ["Foxtrot", "Golf"], ["India"]]);
    expect(await pages("due", "desc")).toEqual([["India", "Echo"], ["Foxtrot", "Golf"], ["Hotel"]]);
    // Most items first; then the earlier first due, then the name.
    expect(await pages("items", "desc")).toEqual([["Hotel", "Foxtrot"], ["Echo", "Golf"], ["India"]]);
    expect(await pages("items", "asc")).toEqual([["Echo", "Golf"], ["India", "Foxtrot"], ["Hotel"]]);
  });

  it("unfiltered, earliest due first, walks to the page through the same ties and counts every patient with an open item", async () => {
    const { names } = await tiedClinic(1980);
    const db = testDb();
    // Of the kinds office staff get: the dermatologist's own items are not theirs (lib/data/item-visibility.ts).
    const [{ open }] = await db.$queryRaw<[{ open: number }]>`
      SELECT count(DISTINCT patient_id)::int AS open FROM monitoring_items
      WHERE NOT waived AND completed_on IS NULL AND due_date - due_soon_days <= ${today}::date AND kind <> ALL(${[...DERMATOLOGIST_ONLY_KINDS]}::text[])`;
    const shown: string[][] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await getPatientWorklist(STAFF, today, { sort: "due", dir: "asc", page }, 2);
      expect(r).toMatchObject({ total: open, page });
      shown.push(r.rows.map((row) => names[row.patientId] ?? "someone else"));
      if (page === 1) expect(r.rows[0]).toMatchObject({ firstDue: "1980-11-05", items: [{ itemKey: "k0" }, { itemKey: "k1" }, { itemKey: "k2" }] });
    }
    expect(shown).toEqual([
      ["Hotel", "Echo"],
      ["Foxtrot", "Golf"],
      ["India", "someone else"],
    ]);
  });

  it("finds a patient by name prefix, exact MRN, or the digits of their phone number", async () => {
    const { list, bravo } = await clinic();
    expect((await list({ search: "bra" })).names).toEqual(["Bravo"]);
    expect((await list({ search: "test alp" })).names).toEqual(["Alpha"]);
    expect((await list({ search: bravo.mrn.toLowerCase() })).names).toEqual(["Bravo"]);
    expect((await list({ search: "2010002" })).names).toEqual(["Bravo"]);
    expect((await list({ search: "(555) 201-0001" })).names).toEqual(["Alpha"]);
    expect((await list({ search: "555-201" })).names).toEqual(["Bravo", "Alpha", "Charlie"]);
    expect((await list({ search: "delta" })).names).toEqual([]);
    expect((await list({ search: "%" })).names).toEqual([]);
  });

  it("answers a page past the end with the last page", async () => {
    const { list } = await clinic();
    expect(await list({ page: 1 }, 2)).toMatchObject({ names: ["Bravo", "Alpha"], page: 1, pageCount: 2, total: 3 });
    expect(await list({ page: 2 }, 2)).toMatchObject({ names: ["Charlie"], page: 2, pageCount: 2 });
    expect(await list({ page: 999 }, 2)).toMatchObject({ names: ["Charlie"], page: 2, pageCount: 2 });
    expect(await list({ page: 5, search: "nobody-matches" }, 2)).toMatchObject({ names: [], page: 1, pageCount: 1, total: 0 });
  });

  it("is refused to a role without the worklist", async () => {
    await expect(getPatientWorklist({ role: "ADMIN" }, today, { sort: "due", dir: "asc", page: 1 }, 25)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getOutreachHistory({ role: "ADMIN" }, [])).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives each patient their whole outreach history, newest first, notes and reminders alike", async () => {
    const { alpha, bravo, derm } = await clinic();
    const db = testDb();
    await db.outreachNote.createMany({
      data: [
        {
          patientId: alpha.id,
          itemKey: "a1",
          note: "No answer on mobile",
          outcome: "NO_ANSWER",
          createdById: derm.id,
          createdAt: new Date("2026-11-18T14:00:00Z"),
        },
        { patientId: alpha.id, itemKey: "a2", note: "Booked for Friday", outcome: "BOOKED", createdById: derm.id, createdAt: new Date("2026-11-20T14:00:00Z") },
      ],
    });
    await db.reminder.create({
      data: {
        patientId: alpha.id,
        channel: "SMS",
        recipient: "5552010001",
        status: "FAILED",
        failureReason: "The message could not be delivered (ECONNREFUSED).",
        createdById: derm.id,
        createdAt: new Date("2026-11-19T14:00:00Z"),
      },
    });
    const history = await getOutreachHistory(STAFF, [alpha.id, bravo.id]);
    expect(history.get(bravo.id)).toEqual([]);
    expect(
      history
        .get(alpha.id)!
        .map((e) => (e.type === "call" ? [e.at, e.outcome, e.items.map((i) => i.item), e.note, e.by] : [e.at, e.channel, e.status, e.failureReason, e.by])),
    ).toEqual([
      ["2026-11-20T14:00:00.000Z", "BOOKED", ["Baseline fasting lipids"], "Booked for Friday", derm.name],
      ["2026-11-19T14:00:00.000Z", "SMS", "FAILED", "The message could not be delivered (ECONNREFUSED).", derm.name],
      ["2026-11-18T14:00:00.000Z", "NO_ANSWER", ["Baseline ALT/AST"], "No answer on mobile", derm.name],
    ]);
  });
});
