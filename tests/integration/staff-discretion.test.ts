import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { GET as exportCsv } from "@/app/(portal)/monitoring/export/route";
import { addOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { voidOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import type { Role } from "@/lib/auth/permissions";
import { visibleItemKinds } from "@/lib/data/item-visibility";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { getLatestOutreachNotes } from "@/lib/data/outreach-notes";
import { NOTHING_DUE } from "@/lib/data/queue-reminders";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { getOutreachHistory, getPatientWorklist, type PatientWorklistQuery } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { DERMATOLOGIST_ONLY_KINDS, ITEM_KINDS } from "@/lib/domain/monitoring/items";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * The dermatologist's own items (a positive test's review, a confirmed pregnancy's follow-ups) are listed for
 * clinical roles only: office staff never get them, in any list, count, filter, export, outreach choice or
 * reminder check, since together they would name every patient with a positive test or a confirmed pregnancy.
 */
const db = () => testDb();
const DERM_ONLY = new Set<string>(DERMATOLOGIST_ONLY_KINDS);
const NOT_OPEN = "That monitoring item is not open for this patient.";

/**
 * One dermatologist's three patients, each with an email address (the filter by clinician keeps other tests' rows out):
 * Alpha on a course with a positive test yesterday (lab items, the renewal and the review); Bravo with a
 * positive test and no course (the review only); Charlie with a confirmed pregnancy (its two follow-ups only).
 */
async function clinic() {
  const { derm, p: alpha } = await patientOnCourse();
  const bravo = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const charlie = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const tests: Record<string, string> = {};
  for (const [p, lastName] of [
    [alpha, "Alpha"],
    [bravo, "Bravo"],
    [charlie, "Charlie"],
  ] as const) {
    await db().patient.update({ where: { id: p.id }, data: { lastName, email: `${lastName.toLowerCase()}@example.test`, primaryClinicianId: derm.id } });
    tests[p.id] = (await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE")).id;
    await db().$transaction((tx) => refreshPatientMonitoring(tx, p.id));
  }
  actAs(derm);
  const decide = form({ patientId: charlie.id, labResultId: tests[charlie.id]!, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
  expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
  const names: Record<string, string> = { [alpha.id]: "Alpha", [bravo.id]: "Bravo", [charlie.id]: "Charlie" };
  const list = async (role: Role, q: Partial<PatientWorklistQuery> = {}, pageSize = 25) => {
    const r = await getPatientWorklist({ role }, TODAY, { sort: "due", dir: "asc", page: 1, clinicianId: derm.id, ...q }, pageSize);
    return { ...r, names: r.rows.map((row) => names[row.patientId]) };
  };
  const rows = async (role: Role, q: { kind?: (typeof ITEM_KINDS)[number] } = {}) => getWorklist({ role }, TODAY, { sort: "days", clinicianId: derm.id, ...q });
  return { derm, alpha, bravo, charlie, list, rows };
}

describe("the dermatologist's own items and office staff", () => {
  it("the item-level worklist: staff's rows and total leave them out, also asked for by kind; clinical roles get them", async () => {
    const { alpha, bravo, rows } = await clinic();
    const staff = await rows("STAFF");
    expect(staff.rows.length).toBeGreaterThan(0);
    expect(staff.rows.filter((r) => DERM_ONLY.has(r.kind))).toEqual([]);
    expect(new Set(staff.rows.map((r) => r.patientId))).toEqual(new Set([alpha.id]));
    expect(staff.total).toBe(staff.rows.length);
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      const clinical = await rows(role);
      expect(
        clinical.rows
          .filter((r) => DERM_ONLY.has(r.kind))
          .map((r) => r.kind)
          .sort(),
      ).toEqual(["DERM_FOLLOW_UP", "DERM_FOLLOW_UP", "PREG_REVIEW", "PREG_REVIEW"]);
      expect(clinical.total).toBe(staff.total + 4);
      expect((await rows(role, { kind: "PREG_REVIEW" })).rows.map((r) => r.patientId).sort()).toEqual([alpha.id, bravo.id].sort());
    }
    // A crafted filter by their kind: nothing, and no error.
    for (const kind of DERMATOLOGIST_ONLY_KINDS) expect(await rows("STAFF", { kind })).toEqual({ rows: [], total: 0 });
  });

  it("the patient worklist: pages, counts, items and the kind filter leave them out for staff; the filter's choices too", async () => {
    const { alpha, bravo, charlie, list } = await clinic();
    const staff = await list("STAFF");
    expect([staff.names, staff.total, staff.pageCount]).toEqual([["Alpha"], 1, 1]);
    const staffItems = staff.rows[0]!.items;
    expect(staffItems.filter((i) => DERM_ONLY.has(i.kind))).toEqual([]);
    const derm = await list("DERMATOLOGIST");
    expect(derm.names.sort()).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(derm.rows.find((r) => r.patientId === alpha.id)!.items.map((i) => i.kind)).toEqual(expect.arrayContaining(["PREG_REVIEW"]));
    expect(derm.rows.find((r) => r.patientId === alpha.id)!.items).toHaveLength(staffItems.length + 1);
    expect((await list("NURSE")).total).toBe(3);
    // Ordered by number of items, paged one by one, past the end: the same one patient for staff.
    expect((await list("STAFF", { sort: "items", dir: "desc" })).names).toEqual(["Alpha"]);
    expect(await list("STAFF", { page: 3 }, 1)).toMatchObject({ names: ["Alpha"], total: 1, page: 1, pageCount: 1 });
    expect(await list("DERMATOLOGIST", { page: 3 }, 1)).toMatchObject({ total: 3, page: 3, pageCount: 3 });
    // Their kind asked for by address: nothing, and no error.
    for (const kind of DERMATOLOGIST_ONLY_KINDS) expect(await list("STAFF", { kind })).toMatchObject({ names: [], total: 0, page: 1, pageCount: 1 });
    expect((await list("DERMATOLOGIST", { kind: "DERM_FOLLOW_UP" })).names).toEqual(["Charlie"]);
    // The unfiltered worklist (its own query, earliest due first, whole clinic): neither Bravo nor Charlie for staff.
    const clinicWide = async (role: Role) => getPatientWorklist({ role }, TODAY, { sort: "due", dir: "asc", page: 1 }, 100_000);
    const all = await clinicWide("STAFF");
    const ids = all.rows.map((r) => r.patientId);
    expect([ids.includes(alpha.id), ids.includes(bravo.id), ids.includes(charlie.id)]).toEqual([true, false, false]);
    expect(all.total).toBe(all.rows.length);
    expect(all.rows.flatMap((r) => r.items).filter((i) => DERM_ONLY.has(i.kind))).toEqual([]);
    const allDerm = (await clinicWide("DERMATOLOGIST")).rows.map((r) => r.patientId);
    expect([bravo.id, charlie.id].every((id) => allDerm.includes(id))).toBe(true);
    // The "Item" filter's choices.
    expect(visibleItemKinds("STAFF")).toEqual(ITEM_KINDS.filter((k) => !DERM_ONLY.has(k)));
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) expect(visibleItemKinds(role)).toEqual(ITEM_KINDS);
  });

  it("the CSV export: staff's lists none of them, even by their kind; the dermatologist's does", async () => {
    const { derm, alpha, list } = await clinic();
    const staffUser = await makeUser("STAFF");
    const exported = async (query: string) => {
      const response = await exportCsv(new Request(`http://x/monitoring/export?${query}`));
      expect(response.status).toBe(200);
      return Papa.parse<string[]>((await response.text()).trim()).data;
    };
    actAs(staffUser);
    const staff = await exported(`clinician=${derm.id}`);
    expect(staff.slice(1).map((r) => r[1])).toEqual([alpha.mrn]);
    expect(staff.flat().join(" ")).not.toMatch(/Dermatologist (review|follow-up)/);
    expect(await exported(`clinician=${derm.id}&kind=PREG_REVIEW`)).toHaveLength(1);
    // Clinic-wide, by their kind: the header and nothing else.
    for (const kind of DERMATOLOGIST_ONLY_KINDS) expect(await exported(`kind=${kind}`)).toHaveLength(1);
    actAs(derm);
    const clinical = await exported(`clinician=${derm.id}`);
    expect(clinical).toHaveLength(1 + (await list("DERMATOLOGIST")).total);
    expect(clinical.flat().join(" ")).toContain("Dermatologist review");
  });

  it("outreach: staff are not offered the review, cannot note it, and do not read a clinician's note about it", async () => {
    const { alpha, list } = await clinic();
    const reviewKey = (await getPatientMonitoring({ role: "NURSE" }, alpha.id, TODAY)).find((i) => i.kind === "PREG_REVIEW")!.key;
    // The outreach form's choices are the row's items.
    expect((await list("STAFF")).rows[0]!.items.map((i) => i.itemKey)).not.toContain(reviewKey);
    expect((await list("NURSE")).rows.find((r) => r.patientId === alpha.id)!.items.map((i) => i.itemKey)).toContain(reviewKey);
    const note = (text: string) => form({ patientId: alpha.id, itemKey: reviewKey, outcome: "LEFT_MESSAGE", note: text });
    actAs(await makeUser("STAFF"));
    expect(await addOutreachNoteAction(IDLE, note("Called"))).toMatchObject({ status: "error", message: NOT_OPEN });
    expect(await db().outreachNote.count({ where: { patientId: alpha.id } })).toBe(0);
    const staffUser = await makeUser("STAFF");
    actAs(await makeUser("NURSE"));
    expect(await addOutreachNoteAction(IDLE, note("Asked her to book the dermatologist"))).toEqual({ status: "ok", message: "Outreach noted." });
    const history = async (role: Role) => (await getOutreachHistory({ role }, [alpha.id])).get(alpha.id)!.filter((e) => e.type === "call");
    expect((await history("NURSE")).map((e) => e.type === "call" && [e.items.map((i) => i.item), e.note])).toEqual([
      [["Dermatologist review"], "Asked her to book the dermatologist"],
    ]);
    expect(await history("STAFF")).toEqual([]);
    expect((await getLatestOutreachNotes({ role: "NURSE" }, alpha.id)).has(reviewKey)).toBe(true);
    expect((await getLatestOutreachNotes({ role: "STAFF" }, alpha.id)).has(reviewKey)).toBe(false);
    // Nor void it, its id however learnt.
    const noteId = (await db().outreachNote.findFirstOrThrow({ where: { patientId: alpha.id } })).id;
    actAs(staffUser);
    expect(await voidOutreachNoteAction(IDLE, form({ noteId, reason: "Wrong patient" }))).toMatchObject({
      status: "error",
      message: "That note no longer exists.",
    });
    expect((await db().outreachNote.findUniqueOrThrow({ where: { id: noteId } })).voidedAt).toBeNull();
  });

  it("reminders: staff are refused a patient whose only open items are the dermatologist's own; a clinician is not", async () => {
    const { alpha, bravo, charlie } = await clinic();
    actAs(await makeUser("STAFF"));
    const state = await sendRemindersAction(IDLE, form({ patientId: [alpha.id, bravo.id, charlie.id], channel: "EMAIL" }));
    expect(state).toMatchObject({
      status: "ok",
      outcomes: [
        { patientId: alpha.id, ok: true },
        { patientId: bravo.id, ok: false, message: NOTHING_DUE },
        { patientId: charlie.id, ok: false, message: NOTHING_DUE },
      ],
    });
    expect(await db().reminder.count({ where: { patientId: { in: [bravo.id, charlie.id] } } })).toBe(0);
    actAs(await makeUser("NURSE"));
    expect(await sendRemindersAction(IDLE, form({ patientId: [bravo.id, charlie.id], channel: "EMAIL" }))).toMatchObject({
      status: "ok",
      outcomes: [
        { patientId: bravo.id, ok: true },
        { patientId: charlie.id, ok: true },
      ],
    });
  });

  it("the patient page's monitoring section (and the FHIR Task): none for staff, unchanged for clinical roles", async () => {
    const { alpha, bravo, charlie } = await clinic();
    const kinds = async (role: Role, patientId: string) => (await getPatientMonitoring({ role }, patientId, TODAY)).map((i) => i.kind);
    expect([await kinds("STAFF", bravo.id), await kinds("STAFF", charlie.id)]).toEqual([[], []]);
    expect((await kinds("STAFF", alpha.id)).filter((k) => DERM_ONLY.has(k))).toEqual([]);
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      expect([await kinds(role, bravo.id), await kinds(role, charlie.id)]).toEqual([["PREG_REVIEW"], ["DERM_FOLLOW_UP", "DERM_FOLLOW_UP"]]);
      expect(await kinds(role, alpha.id)).toEqual([...(await kinds("STAFF", alpha.id)), "PREG_REVIEW"]);
    }
  });
});
