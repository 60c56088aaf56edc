import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import { makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * A message may carry the same test more than once (two orders, each with its own collection date). Each of
 * its results is compared with the chart on its own: one that repeats a result on file names it, and the
 * others, of another date or value, are results of their own, counted as such.
 */
const db = () => testDb();

const HCG = (value: "260385009^Negative" | "10828004^Positive") => `CWE|2106-3^hCG urine^LN||${value}^SCT||${value.split("^")[1]}|||F`;

function twoOrders(controlId: string, mrn: string, second: Parameters<typeof HCG>[0] = "10828004^Positive") {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
    `PID|1||${mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
    "OBR|1||ORD1|2106-3^hCG^LN|||202611100800",
    `OBX|1|${HCG("260385009^Negative")}`,
    "OBR|2||ORD2|2106-3^hCG^LN|||202611200800",
    `OBX|2|${HCG(second)}`,
  ].join("\r");
}

describe("a message with the same test twice, one of them already on the chart", () => {
  it("keeps the other result, of another date and value, as a result of its own: a positive pregnancy test is not taken for a copy", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // The 10 Nov negative was entered by hand before the laboratory's message came.
    const byHand = await pregnancyTest(p.id, "2026-11-10", nurse.id, "NEGATIVE");

    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, twoOrders(`MSG-${randomUUID().slice(0, 8)}`, p.mrn), TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued])).toEqual([["IMPORTED", 2, 0]]);

    const fromLab = await db().labResult.findMany({
      where: { patientId: p.id, hl7MessageId: { not: null } },
      orderBy: { specimenDate: "asc" },
      select: { id: true, specimenDate: true, valueQualitative: true, duplicateOfId: true },
    });
    expect(fromLab.map((r) => [r.specimenDate.toISOString().slice(0, 10), r.valueQualitative, r.duplicateOfId])).toEqual([
      ["2026-11-10", "NEGATIVE", byHand.id],
      ["2026-11-20", "POSITIVE", null],
    ]);
    // The pregnancy-prevention rules read the positive test: prescribing stops on it.
    const history = await loadPregnancyHistory(db(), p.id);
    expect(history!.tests.map((t) => [t.specimenDate, t.result])).toEqual([
      ["2026-11-10", "NEGATIVE"],
      ["2026-11-20", "POSITIVE"],
    ]);
  });

  it("names, for each result of the message that repeats one on file, the result it repeats", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const tenth = await pregnancyTest(p.id, "2026-11-10", nurse.id, "NEGATIVE");
    const twentieth = await pregnancyTest(p.id, "2026-11-20", nurse.id, "NEGATIVE");

    const message = twoOrders(`MSG-${randomUUID().slice(0, 8)}`, p.mrn, "260385009^Negative");
    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 2]]);

    const fromLab = await db().labResult.findMany({
      where: { patientId: p.id, hl7MessageId: { not: null } },
      orderBy: { specimenDate: "asc" },
      select: { specimenDate: true, duplicateOfId: true },
    });
    expect(fromLab.map((r) => [r.specimenDate.toISOString().slice(0, 10), r.duplicateOfId])).toEqual([
      ["2026-11-10", tenth.id],
      ["2026-11-20", twentieth.id],
    ]);
  });
});
