import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { labTestFields, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/**
 * A laboratory's message that carries a corrected result (OBX-11 C) and a final one (F) of the same test and
 * specimen date: the correction is the laboratory's last word, wherever it comes in the message. With nothing
 * of the test and date on the chart, the final is recorded and replaced by the correction in the same
 * transaction, as two messages in that order would do; when the correction replaces a result on the chart, a
 * final of the correction's value is a copy of the correction, one of the value replaced a copy of that result
 * (voided with it), and any other value waits for review; so does a final not on the chart while the correction
 * itself waits. No value is lost: every row is kept, every void has its reason.
 */
const db = () => testDb();
const controlId = () => `CM-${randomUUID().slice(0, 8)}`;
let nurse: { id: string };
let token = "";
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Correction in message lab ${randomUUID().slice(0, 6)}`)).token;
});
const upload = () => ({ kind: "UPLOAD" as const, user: { id: nurse.id, role: "NURSE" as const } });

async function send(mrn: string, obx: string[]) {
  const id = controlId();
  const out = await importHl7File(upload(), oru(id, mrn, obx), TODAY);
  const m = out.messages[0]!;
  return { id, status: m.status, counts: [m.attached, m.corrected, m.queued] };
}
/**
 * Every row of the patient's chart, oldest first (rows of one transaction share their time: the voided ones, then
 * those naming no other, first): value, live, the row it copies and the one replacing it (by value).
 */
async function chart(patientId: string) {
  const found = await db().labResult.findMany({ where: { patientId } });
  const rank = (r: (typeof found)[number]) => [r.enteredAt.getTime(), r.voidedAt ? 0 : 1, r.duplicateOfId ? 1 : 0];
  const rows = found.sort((a, b) => rank(a).reduce((d, x, i) => d || x - rank(b)[i]!, 0));
  const valueOf = (id: string | null) => (id ? String(rows.find((r) => r.id === id)!.valueNumeric ?? rows.find((r) => r.id === id)!.valueQualitative) : null);
  return rows.map((r) => ({
    id: r.id,
    value: String(r.valueNumeric ?? r.valueQualitative),
    live: r.voidedAt === null,
    copyOf: valueOf(r.duplicateOfId),
    replacedBy: valueOf(r.replacedById),
    replacedById: r.replacedById,
    copyOfId: r.duplicateOfId,
    voidReason: r.voidReason,
    fromMessage: r.hl7MessageId,
  }));
}
const waiting = (patientId: string) =>
  db().hl7QueueEntry.findMany({
    where: { patientId, status: "PENDING" },
    orderBy: { createdAt: "asc" },
    select: { reason: true, detail: true, observation: true },
  });
const statuses = (entries: { observation: unknown }[]) => entries.map((e) => (e.observation as { status: string }).status);

describe("a final and a correction of one test and date, nothing on the chart", () => {
  for (const [final, corrected] of [
    [300, 300],
    [900, 300],
  ] as const) {
    for (const order of ["F then C", "C then F"] as const) {
      it(`final ${final}, correction ${corrected}, ${order}: the final is recorded, then replaced by the correction`, async () => {
        const p = await makePatient();
        const obx = order === "F then C" ? [tg(final, "F"), tg(corrected, "C")] : [tg(corrected, "C"), tg(final, "F")];
        const sent = await send(p.mrn, obx);
        expect([sent.status, sent.counts]).toEqual(["IMPORTED", [2, 1, 0]]);
        const rows = await chart(p.id);
        const reason = `Corrected by the laboratory (OBX-11 C, message ${sent.id}).`;
        expect(rows.map(({ value, live, copyOf, replacedBy, voidReason }) => ({ value, live, copyOf, replacedBy, voidReason }))).toEqual([
          { value: String(final), live: false, copyOf: null, replacedBy: String(corrected), voidReason: reason },
          { value: String(corrected), live: true, copyOf: null, replacedBy: null, voidReason: null },
        ]);
        expect(await waiting(p.id)).toEqual([]);
        // Both rows name the message, whose raw text is kept; the replacement is audited as a correction.
        const message = await db().hl7Message.findFirstOrThrow({ where: { controlId: sent.id } });
        expect(rows.map((r) => r.fromMessage)).toEqual([message.id, message.id]);
        expect(message.raw).toContain(`|${corrected}|mg/dL|`);
        expect(await db().auditEvent.count({ where: { action: "lab.correct", entityId: rows[0]!.id } })).toBe(1);
      });
    }
  }

  it("over the interface, the acknowledgement counts the final and its correction", async () => {
    const p = await makePatient();
    const sent = await postHl7(token, oru(controlId(), p.mrn, [tg(300, "C"), tg(900, "F")]));
    expect([sent.msa[0], sent.msa[2]]).toEqual(["AA", "Imported: 2 results attached, 1 of them a correction, 0 waiting for review."]);
    expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["300"]);
  });

  it("a negative pregnancy test correcting the message's positive waits for a dermatologist; the positive stays", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const sent = await send(p.mrn, [hcg("Negative", "C"), hcg("Positive", "F")]);
    expect(sent.counts).toEqual([1, 0, 1]);
    expect((await chart(p.id)).map((r) => [r.value, r.live])).toEqual([["POSITIVE", true]]);
    const [entry] = await waiting(p.id);
    expect([entry!.reason, entry!.detail]).toEqual([
      "CORRECTION",
      "The laboratory corrected a result (OBX-11 C), but a negative pregnancy test replaces the current one only by a dermatologist's decision.",
    ]);
  });

  it("a positive pregnancy test correcting the message's negative replaces it at once", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const sent = await send(p.mrn, [hcg("Negative", "F"), hcg("Positive", "C")]);
    expect(sent.counts).toEqual([2, 1, 0]);
    expect((await chart(p.id)).map((r) => [r.value, r.live, r.replacedBy])).toEqual([
      ["NEGATIVE", false, "POSITIVE"],
      ["POSITIVE", true, null],
    ]);
  });
});

describe("a final and a correction of one test and date, a result on the chart", () => {
  for (const order of ["F then C", "C then F"] as const) {
    const both = (final: number, corrected: number) => (order === "F then C" ? [tg(final, "F"), tg(corrected, "C")] : [tg(corrected, "C"), tg(final, "F")]);

    it(`the final of the correction's value, ${order}: a copy of the correction, never a second current result`, async () => {
      const p = await makePatient();
      await send(p.mrn, [tg(900, "F")]);
      expect((await send(p.mrn, both(300, 300))).counts).toEqual([2, 1, 0]);
      const rows = await chart(p.id);
      expect(rows.map(({ value, live, copyOf, replacedBy }) => ({ value, live, copyOf, replacedBy }))).toEqual([
        { value: "900", live: false, copyOf: null, replacedBy: "300" },
        { value: "300", live: true, copyOf: null, replacedBy: null },
        { value: "300", live: true, copyOf: "300", replacedBy: null },
      ]);
      // The copy names the correction, the row that replaced the result on the chart.
      expect(rows[2]!.copyOfId).toBe(rows[0]!.replacedById);
      // One current result: a later correction replaces it (and its copy) instead of finding several.
      expect((await send(p.mrn, [tg(250, "C")])).counts).toEqual([1, 1, 0]);
      expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["250"]);
    });

    it(`the final of the value corrected, ${order}: a copy of that result, voided with it`, async () => {
      const p = await makePatient();
      await send(p.mrn, [tg(900, "F")]);
      expect((await send(p.mrn, both(900, 300))).counts).toEqual([2, 1, 0]);
      expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["300"]);
      expect(await waiting(p.id)).toEqual([]);
    });

    it(`a final of a third value, ${order}: waits for review, the correction in place`, async () => {
      const p = await makePatient();
      await send(p.mrn, [tg(900, "F")]);
      expect((await send(p.mrn, both(500, 300))).counts).toEqual([1, 1, 1]);
      expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["300"]);
      const entries = await waiting(p.id);
      expect(entries.map((e) => e.reason)).toEqual(["OTHER_RESULT_IN_MESSAGE"]);
      expect(statuses(entries)).toEqual(["F"]);
      expect(entries[0]!.detail).toMatch(/^The message also carries a correction \(OBX-11 C\) of this test on 22 Nov 2026, with another value/);
    });
  }

  it("several results on the chart: the correction waits, and so does the final of its value", async () => {
    const p = await makePatient();
    await send(p.mrn, [tg(900, "F")]);
    await send(p.mrn, [tg(500, "F")]);
    expect((await send(p.mrn, [tg(300, "F"), tg(300, "C")])).counts).toEqual([0, 0, 2]);
    expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["900", "500"]);
    // Queued in one transaction: by status, C then F.
    const entries = (await waiting(p.id)).sort((a, b) => statuses([a])[0]!.localeCompare(statuses([b])[0]!));
    expect(entries.map((e) => [e.reason, statuses([e])[0]])).toEqual([
      ["CORRECTION", "C"],
      ["OTHER_RESULT_IN_MESSAGE", "F"],
    ]);
    expect(entries[1]!.detail).toMatch(/^The message also carries a correction \(OBX-11 C\) of this test on 22 Nov 2026, which waits for review/);
  });

  it("a final already on the chart stays a copy of it while the correction waits", async () => {
    const p = await makePatient();
    await send(p.mrn, [tg(900, "F")]);
    await send(p.mrn, [tg(500, "F")]);
    expect((await send(p.mrn, [tg(900, "F"), tg(300, "C")])).counts).toEqual([1, 0, 1]);
    expect((await chart(p.id)).map((r) => [r.value, r.live, r.copyOf])).toEqual([
      ["900", true, null],
      ["500", true, null],
      ["900", true, "900"],
    ]);
  });

  it("two corrections of the one result, under two codes of its analyte: the first replaces it, the other waits", async () => {
    const p = await makePatient();
    const calculated = await db().labTest.findFirstOrThrow({ where: { code: "13457-7" } });
    const data = { patientId: p.id, ...labTestFields(calculated), specimenDate: new Date("2026-11-22T00:00:00Z"), valueNumeric: 160, unit: "mg/dL" };
    await db().labResult.create({ data: { ...data, flag: "HIGH", submissionId: randomUUID(), enteredById: nurse.id } });
    const ldl = (code: string, value: number, status: string) => `NM|${code}^LDL^LN||${value}|mg/dL|0-130|${value > 130 ? "H" : "N"}|||${status}`;
    // The laboratory's direct LDL of the same value is a copy of the calculated one typed in.
    expect((await send(p.mrn, [ldl("18262-6", 160, "F")])).counts).toEqual([1, 0, 0]);
    expect((await send(p.mrn, [ldl("13457-7", 120, "C"), ldl("18262-6", 110, "C")])).counts).toEqual([1, 1, 1]);
    expect((await chart(p.id)).filter((r) => r.live).map((r) => r.value)).toEqual(["120"]);
    expect((await waiting(p.id)).map((e) => [e.reason, e.detail])).toEqual([
      ["CORRECTION", "The laboratory corrected a result (OBX-11 C), but another correction in this message replaces the same result."],
    ]);
  });
});
