import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import type { Role } from "@/lib/auth/permissions";
import { addOutreachNotes } from "@/lib/data/add-outreach-note";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { getPatientWorklist } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse, startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { liverPanel, writeBehindLock } from "./lock-helpers";

/**
 * One call about several open items: the worklist's outreach form ticks them, and one note per item is written
 * with its audit row, all in one transaction, or nothing when any item is not open (or is one the role does
 * not get).
 */
const db = () => testDb();
const ONE_NOT_OPEN = "One of the items chosen is not open for this patient; nothing was recorded.";

/** A course started 20 days ago without baseline labs: the lipids and the liver tests overdue. */
async function overdueBaselines() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const patient = await makePatient();
  await startCourseFor(patient.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  const items = await getPatientMonitoring(CLINICIAN, patient.id, TODAY);
  const lipids = items.find((i) => i.kind === "BASELINE_LIPIDS")!;
  const liver = items.find((i) => i.kind === "BASELINE_LIVER")!;
  expect([lipids.status, liver.status]).toEqual(["OVERDUE", "OVERDUE"]);
  return { derm, patient, lipids: lipids.key, liver: liver.key };
}

const written = async (patientId: string) => ({
  notes: await db().outreachNote.count({ where: { patientId } }),
  audits: await db().auditEvent.count({ where: { patientId, action: "monitoring.outreach" } }),
});

describe("an outreach note about several items", () => {
  it("writes one note and one audit row per ticked item, in one transaction", async () => {
    const { patient, lipids, liver } = await overdueBaselines();
    const staff = await makeUser("STAFF");
    actAs(staff);
    const sent = form({ patientId: patient.id, itemKey: [lipids, liver], outcome: "LEFT_MESSAGE", note: "Called, left a message" });
    expect(await addOutreachNoteAction(IDLE, sent)).toEqual({ status: "ok", message: "Outreach noted for 2 items." });
    const notes = await db().outreachNote.findMany({ where: { patientId: patient.id }, orderBy: { itemKey: "asc" } });
    expect(notes.map((n) => [n.itemKey, n.outcome, n.note, n.createdById])).toEqual(
      [lipids, liver].sort().map((k) => [k, "LEFT_MESSAGE", "Called, left a message", staff.id]),
    );
    // One call: the notes share its id, which no other note has.
    const callId = notes[0]!.callId;
    expect(notes[1]!.callId).toBe(callId);
    expect(await db().outreachNote.count({ where: { callId } })).toBe(2);
    const audits = await db().auditEvent.findMany({ where: { patientId: patient.id, action: "monitoring.outreach" }, orderBy: { id: "asc" } });
    expect(audits).toHaveLength(2);
    for (const a of audits) {
      const note = notes.find((n) => n.id === a.entityId)!;
      const other = notes.find((n) => n.id !== a.entityId)!;
      expect(a).toMatchObject({ entityType: "OutreachNote", actorId: staff.id, actorRole: "STAFF" });
      expect(a.changes).toEqual({ itemKey: note.itemKey, outcome: "LEFT_MESSAGE", callId, notedWith: [other.id] });
    }
    // Rows a transaction inserts carry its id (xmin): the notes and their audit rows share one.
    const xmins = await db().$queryRaw<{ xmin: string }[]>`
      SELECT xmin::text AS xmin FROM outreach_notes WHERE patient_id = ${patient.id}::uuid
      UNION ALL SELECT xmin::text FROM audit_events WHERE patient_id = ${patient.id}::uuid AND action = 'monitoring.outreach'`;
    expect(xmins).toHaveLength(4);
    expect(new Set(xmins.map((r) => r.xmin)).size).toBe(1);
  });

  it("refuses them all, naming the item, when one was completed while the note waited for the patient's lock", async () => {
    const { derm, patient, lipids, liver } = await overdueBaselines();
    const staff = { id: (await makeUser("STAFF")).id, role: "STAFF" as const };
    const note = () => addOutreachNotes(staff, { patientId: patient.id, itemKeys: [lipids, liver], outcome: "NO_ANSWER", note: "Called" }, TODAY);
    expect(await writeBehindLock(patient.id, note, liverPanel(patient.id, derm.id))).toEqual({
      refused: "Baseline ALT/AST is already completed; nothing was recorded.",
    });
    expect(await written(patient.id)).toEqual({ notes: 0, audits: 0 });
    // The form, sent again with the same two ticks, is refused the same way; the lipids alone are noted.
    actAs(await makeUser("STAFF"));
    const again = (itemKey: string[]) => addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey, outcome: "NO_ANSWER", note: "Called" }));
    expect(await again([lipids, liver])).toMatchObject({ status: "error", message: "Baseline ALT/AST is already completed; nothing was recorded." });
    expect(await written(patient.id)).toEqual({ notes: 0, audits: 0 });
    expect(await again([lipids])).toEqual({ status: "ok", message: "Outreach noted." });
    expect(await written(patient.id)).toEqual({ notes: 1, audits: 1 });
  });

  it("refuses an item of the dermatologist's own from office staff exactly as a key that is no item, writing nothing", async () => {
    const { p } = await patientOnCourse();
    await pregnancyTest(p.id, addDays(TODAY, -1), (await makeUser("DERMATOLOGIST")).id, "POSITIVE");
    await db().$transaction((tx) => refreshPatientMonitoring(tx, p.id));
    const items = await getPatientMonitoring({ role: "NURSE" }, p.id, TODAY);
    const review = items.find((i) => i.kind === "PREG_REVIEW")!;
    const open = items.find((i) => i.kind !== "PREG_REVIEW" && ["DUE_SOON", "DUE", "OVERDUE"].includes(i.status))!;
    expect([review.status, open.status]).not.toContain("COMPLETED");
    const send = (itemKey: string[]) => addOutreachNoteAction(IDLE, form({ patientId: p.id, itemKey, outcome: "LEFT_MESSAGE", note: "Called" }));
    actAs(await makeUser("STAFF"));
    const hidden = await send([open.key, review.key]);
    expect(hidden).toMatchObject({ status: "error", message: ONE_NOT_OPEN });
    const unknown = await send([open.key, `course:${randomUUID()}:baseline-liver`]);
    expect(unknown).toEqual({ ...hidden, values: { ...(hidden as { values: object }).values, itemKey: expect.any(String) } });
    expect(await written(p.id)).toEqual({ notes: 0, audits: 0 });
    // Nor is it offered: the worklist's card lists neither it nor, under a filter, among the other open items.
    const card = async (role: Role, kind?: typeof open.kind) =>
      (await getPatientWorklist({ role }, TODAY, { sort: "due", dir: "asc", page: 1, search: p.mrn, kind }, 25)).rows.find((r) => r.patientId === p.id)!;
    const offered = (c: Awaited<ReturnType<typeof card>>) => [...c.items, ...c.otherOpenItems].map((i) => i.itemKey);
    expect(offered(await card("STAFF"))).not.toContain(review.key);
    expect(offered(await card("STAFF"))).toContain(open.key);
    expect(offered(await card("STAFF", open.kind))).not.toContain(review.key);
    expect(offered(await card("NURSE", open.kind))).toContain(review.key);
    // A nurse, who gets the review, notes both at once.
    actAs(await makeUser("NURSE"));
    expect(await send([open.key, review.key])).toEqual({ status: "ok", message: "Outreach noted for 2 items." });
    expect(await written(p.id)).toEqual({ notes: 2, audits: 2 });
  });

  it("offers, under a filter, the patient's other open items beside the listed ones, and none unfiltered", async () => {
    const { patient, lipids, liver } = await overdueBaselines();
    const card = async (kind?: "BASELINE_LIPIDS") =>
      (await getPatientWorklist({ role: "STAFF" }, TODAY, { sort: "due", dir: "asc", page: 1, search: patient.mrn, kind }, 25)).rows.find(
        (r) => r.patientId === patient.id,
      )!;
    const all = await card();
    expect(all.items.map((i) => i.itemKey).sort()).toEqual([lipids, liver].sort());
    expect(all.otherOpenItems).toEqual([]);
    const filtered = await card("BASELINE_LIPIDS");
    expect(filtered.items.map((i) => i.itemKey)).toEqual([lipids]);
    expect(filtered.otherOpenItems).toEqual([{ itemKey: liver, label: "Baseline ALT/AST" }]);
  });

  it("asks for at least one item, counts a key sent twice once, and refuses roles without outreach", async () => {
    const { patient, lipids, liver } = await overdueBaselines();
    const send = (itemKey: string[]) => addOutreachNoteAction(IDLE, form({ patientId: patient.id, itemKey, outcome: "NO_ANSWER", note: "Called" }));
    actAs(await makeUser("STAFF"));
    expect(await send([])).toMatchObject({ status: "error", fieldErrors: { itemKey: ["Tick at least one item the call was about."] } });
    expect(await send(["not a key", lipids])).toMatchObject({ status: "error", fieldErrors: { itemKey: ["Unknown monitoring item."] } });
    expect(await written(patient.id)).toEqual({ notes: 0, audits: 0 });
    actAs(await makeUser("ADMIN"));
    expect(await send([lipids, liver])).toMatchObject({ status: "error" });
    expect(await written(patient.id)).toEqual({ notes: 0, audits: 0 });
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) {
      actAs(await makeUser(role));
      expect(await send([lipids, lipids])).toEqual({ status: "ok", message: "Outreach noted." });
    }
    expect(await written(patient.id)).toEqual({ notes: 3, audits: 3 });
  });
});
