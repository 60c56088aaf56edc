import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { voidOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import type { Role } from "@/lib/auth/permissions";
import { addOutreachNotes } from "@/lib/data/add-outreach-note";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { outreachChoices, type OutreachCall } from "@/lib/data/outreach-calls";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { getOutreachHistory } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * One call about several of a patient's open items writes one note per item, all with the call's id: the
 * outreach history shows the call once, with the items it covered, and to each role only the items it gets.
 * Notes written before calls were kept are grouped by their audit rows (migration 20270111000000_outreach_calls).
 */
const db = () => testDb();
const LIVER = "Baseline ALT/AST";
const LIPIDS = "Baseline fasting lipids";
const RENEWAL = "Prescription renewal";

/** A patient 30 days into a course without baseline labs: the two baselines overdue, the renewal and the monthly test due. */
async function patientWithOpenItems() {
  const { derm, p } = await patientOnCourse();
  const items = await getPatientMonitoring({ role: "STAFF" }, p.id, TODAY);
  const key = (label: string) => items.find((i) => i.label === label)!.key;
  return { derm, p, liver: key(LIVER), lipids: key(LIPIDS), renewal: key(RENEWAL) };
}

/** The patient's calls as the role reads them: [outcome, note, the items' labels], newest first. */
async function calls(role: Role, patientId: string) {
  const entries = (await getOutreachHistory({ role }, [patientId])).get(patientId)!;
  return entries.filter((e): e is OutreachCall => e.type === "call");
}
const shown = (c: OutreachCall) => [c.outcome, c.note, c.items.map((i) => i.item)];

const send = (patientId: string, itemKey: string[], outcome: string, note: string) => addOutreachNoteAction(IDLE, form({ patientId, itemKey, outcome, note }));

describe("the outreach history's calls", () => {
  it("shows a call about three items once, listing the three, and two calls as two entries", async () => {
    const { p, liver, lipids, renewal } = await patientWithOpenItems();
    const keyOf: Record<string, string> = { [LIVER]: liver, [LIPIDS]: lipids, [RENEWAL]: renewal };
    const staff = await makeUser("STAFF");
    actAs(staff);
    expect(await send(p.id, [renewal, lipids, liver], "LEFT_MESSAGE", "Left a voicemail about labs and renewal")).toEqual({
      status: "ok",
      message: "Outreach noted for 3 items.",
    });
    const first = await db().outreachNote.findMany({ where: { patientId: p.id } });
    expect(first).toHaveLength(3);
    expect(new Set(first.map((n) => n.callId)).size).toBe(1);
    // An hour earlier, so that the order of the two calls is the clock's.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await db().outreachNote.updateMany({ where: { patientId: p.id }, data: { createdAt: anHourAgo } });

    expect(await calls("STAFF", p.id)).toEqual([
      {
        type: "call",
        id: first[0]!.callId,
        at: anHourAgo.toISOString(),
        by: staff.name,
        outcome: "LEFT_MESSAGE",
        note: "Left a voicemail about labs and renewal",
        items: [LIVER, LIPIDS, RENEWAL].map((item) => ({ noteId: first.find((n) => n.itemKey === keyOf[item])!.id, item, voidReason: null })),
        voided: false,
      },
    ]);

    // A second call, about the lipids alone: two entries, the newer first.
    actAs(await makeUser("NURSE"));
    expect(await send(p.id, [lipids], "BOOKED", "Booked the fasting lipids")).toEqual({ status: "ok", message: "Outreach noted." });
    expect((await calls("STAFF", p.id)).map(shown)).toEqual([
      ["BOOKED", "Booked the fasting lipids", [LIPIDS]],
      ["LEFT_MESSAGE", "Left a voicemail about labs and renewal", [LIVER, LIPIDS, RENEWAL]],
    ]);
  });

  it("strikes through an item whose note was voided, and the whole call once every note is", async () => {
    const { p, liver, lipids } = await patientWithOpenItems();
    actAs(await makeUser("STAFF"));
    expect(await send(p.id, [liver, lipids], "NO_ANSWER", "Called, no answer")).toMatchObject({ status: "ok" });
    const notes = await db().outreachNote.findMany({ where: { patientId: p.id } });
    const noteOf = (k: string) => notes.find((n) => n.itemKey === k)!.id;
    expect(await voidOutreachNoteAction(IDLE, form({ noteId: noteOf(liver), reason: "Not about the liver tests" }))).toMatchObject({ status: "ok" });
    const [once] = await calls("STAFF", p.id);
    expect(once!.items.map((i) => [i.item, i.voidReason])).toEqual([
      [LIVER, "Not about the liver tests"],
      [LIPIDS, null],
    ]);
    expect(once!.voided).toBe(false);
    expect(await voidOutreachNoteAction(IDLE, form({ noteId: noteOf(lipids), reason: "Wrong patient" }))).toMatchObject({ status: "ok" });
    const after = await calls("STAFF", p.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.voided).toBe(true);
  });

  it("shows office staff a clinician's call without the dermatologist's own item, and none about that item alone", async () => {
    const { derm, p, lipids } = await patientWithOpenItems();
    await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    await db().$transaction((tx) => refreshPatientMonitoring(tx, p.id));
    const review = (await getPatientMonitoring({ role: "NURSE" }, p.id, TODAY)).find((i) => i.kind === "PREG_REVIEW")!;
    // The patient page's choices: the open items the role gets, the review to clinical roles only.
    const offered = async (role: Role) => outreachChoices(await getPatientMonitoring({ role }, p.id, TODAY)).map((c) => c.itemKey);
    expect(await offered("NURSE")).toEqual(expect.arrayContaining([review.key, lipids]));
    expect(await offered("STAFF")).toContain(lipids);
    expect(await offered("STAFF")).not.toContain(review.key);

    actAs(await makeUser("NURSE"));
    expect(await send(p.id, [lipids, review.key], "REACHED", "Asked her to book the dermatologist and the lipids")).toEqual({
      status: "ok",
      message: "Outreach noted for 2 items.",
    });
    expect(await send(p.id, [review.key], "REACHED", "Reminded her of the dermatologist")).toMatchObject({ status: "ok" });
    expect((await calls("NURSE", p.id)).map(shown)).toEqual([
      ["REACHED", "Reminded her of the dermatologist", ["Dermatologist review"]],
      ["REACHED", "Asked her to book the dermatologist and the lipids", [LIPIDS, "Dermatologist review"]],
    ]);
    // Staff read the call about both under the lipids alone, without its words, which speak of the review.
    expect((await calls("STAFF", p.id)).map(shown)).toEqual([["REACHED", "Note shown to clinicians only.", [LIPIDS]]]);
    // Sent by office staff from the patient page, the review is refused as an unknown item, and nothing is written.
    actAs(await makeUser("STAFF"));
    const before = await db().outreachNote.count({ where: { patientId: p.id } });
    expect(await send(p.id, [lipids, review.key], "REACHED", "Called")).toMatchObject({
      status: "error",
      message: "One of the items chosen is not open for this patient; nothing was recorded.",
    });
    expect(await db().outreachNote.count({ where: { patientId: p.id } })).toBe(before);
  });
});

/**
 * The migration's SQL run again, as the migrations' owner, over notes arranged as they stood before it: each
 * note its own call (its call id its own id). The test database is already migrated.
 */
describe("calls of notes written before calls were kept", () => {
  const MIGRATION = readFileSync("prisma/migrations/20270111000000_outreach_calls/migration.sql", "utf8");
  let owner: pg.Client;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
  });
  afterAll(() => owner.end());

  it("groups the notes whose audit rows name each other, leaves every other note its own call, and changes no note written since", async () => {
    const { p, liver, lipids, renewal } = await patientWithOpenItems();
    const staff = await makeUser("STAFF");
    const by = { id: staff.id, role: "STAFF" as const };
    const write = (itemKeys: string[], note: string) => addOutreachNotes(by, { patientId: p.id, itemKeys, outcome: "NO_ANSWER", note }, TODAY);
    // Two calls about the same items, by the same user, with the same words; a note alone; a note with no audit row.
    const callA = await write([liver, lipids, renewal], "Called");
    const callB = await write([liver, lipids], "Called");
    const [alone] = await write([renewal], "Called");
    const unaudited = await db().outreachNote.create({
      data: { patientId: p.id, itemKey: liver, note: "Called", outcome: "NO_ANSWER", createdById: staff.id },
    });
    const before = [...callA, ...callB, alone!, unaudited.id];
    await owner.query("UPDATE outreach_notes SET call_id = id WHERE id = ANY($1::uuid[])", [before]);
    // Written since: its call's id is kept.
    const since = await write([liver, lipids], "Called");
    const sinceCall = (await db().outreachNote.findUniqueOrThrow({ where: { id: since[0]! } })).callId;

    await owner.query(MIGRATION);
    const callOf = async (ids: string[]) =>
      (await db().outreachNote.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })).map((n) => [n.id, n.callId]);
    const smallest = (ids: string[]) => [...ids].sort()[0]!;
    expect(await callOf(callA)).toEqual([...callA].sort().map((id) => [id, smallest(callA)]));
    expect(await callOf(callB)).toEqual([...callB].sort().map((id) => [id, smallest(callB)]));
    expect(await callOf([alone!, unaudited.id])).toEqual([alone!, unaudited.id].sort().map((id) => [id, id]));
    expect(await callOf(since)).toEqual([...since].sort().map((id) => [id, sinceCall]));
    // The history: four calls of the earlier notes, and the one since.
    expect((await calls("STAFF", p.id)).map((c) => c.items.length).sort()).toEqual([1, 1, 2, 2, 3]);
  });
});
