import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { saveClinicConfig } from "@/lib/data/settings";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";
import { restoreDefaultSettings } from "./jobs-helpers";

/**
 * A waiting result whose value reaches a critical level of the clinic's thresholds in force on its specimen
 * date (an ALT above 5x the upper limit, a triglyceride at the critical level) is marked critical in the
 * queue, listed with the critical entries first, saying which value is critical; a number sent without its
 * unit, "may be critical" when it is critical in a unit it could be in, naming that unit. Today is 23 Nov
 * 2026; the messages' specimens were taken on 22 Nov unless said.
 */
const db = () => testDb();
const alt = (value: number) => `NM|1742-6^ALT^LN||${value}|U/L|7-40|H|||F`;
const unitlessTg = (value: string) => `NM|2571-8^Triglyceride^LN||${value}||||||F`;

let token = "";
let nurse: { id: string };
const viewer = () => ({ id: nurse.id, role: "NURSE" as const });
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Critical lab ${randomUUID().slice(0, 6)}`)).token;
});
afterAll(restoreDefaultSettings);

/** A message for an MRN the clinic does not have: each result waits. Its entries, in OBX order. */
async function waiting(obx: string[], obr?: string) {
  const controlId = `QC-${randomUUID().slice(0, 8)}`;
  await postHl7(token, oru(controlId, `NOPE-${controlId}`, obx, obr ? { obr } : {}));
  const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
  return entries.sort((a, b) => Number((a.observation as { setId: string }).setId) - Number((b.observation as { setId: string }).setId));
}

/** The queue as a nurse sees it, and where each of these entries stands in it (-1: not shown). */
async function queue(limit = 10_000) {
  const { rows } = await listHl7Queue(viewer(), limit);
  return { rows, at: (id: string) => rows.findIndex((r) => r.id === id), row: (id: string) => rows.find((r) => r.id === id) };
}

describe("a waiting lab value at a critical level", () => {
  it("an ALT at 10x the upper limit is critical, listed before older ordinary results, naming the test and the level", async () => {
    const [ordinary] = await waiting([tg(180, "F")]);
    const [liver] = await waiting([alt(400)]);
    const { at, row } = await queue();
    expect(row(liver!.id)).toMatchObject({
      critical: true,
      dermatologistOnly: false,
      criticalValue: { kind: "CRITICAL", test: "ALT", reason: "400 U/L · above the lab range 7–40 · above the critical level 200 (5× ULN)" },
    });
    expect(row(ordinary!.id)).toMatchObject({ critical: false, criticalValue: null });
    expect(at(liver!.id)).toBeLessThan(at(ordinary!.id));
  });

  it("is judged by the clinic's thresholds in force on its specimen date", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const openedAt = (await db().clinicConfig.findFirst({ where: { kind: "LAB_THRESHOLDS" }, orderBy: { version: "desc" } }))?.version ?? 0;
    const config = { ...DEFAULT_THRESHOLDS, TG: { action: 500, critical: 600 } };
    await saveClinicConfig({ id: derm.id, role: "DERMATOLOGIST" }, { kind: "LAB_THRESHOLDS", effectiveFrom: TODAY, config, openedAt }, TODAY);
    // 650 mg/dL: below the critical level 800 in force on 22 Nov, at or above the 600 in force from 23 Nov.
    const [before] = await waiting([tg(650, "F")]);
    const [after] = await waiting([tg(650, "F")], "202611230800");
    const { row } = await queue();
    expect(row(before!.id)).toMatchObject({ critical: false, criticalValue: null });
    expect(row(after!.id)).toMatchObject({
      critical: true,
      criticalValue: { kind: "CRITICAL", test: "Triglycerides", reason: "650 mg/dL · above the lab range 0–150 · at or above the critical level 600" },
    });
    await restoreDefaultSettings();
    expect((await queue()).row(after!.id)).toMatchObject({ critical: false, criticalValue: null });
  });

  it("sent without its unit, may be critical, naming the unit in which it is; one critical in none is not", async () => {
    const [maybe, plain] = await waiting([unitlessTg("25"), unitlessTg("5.2")]);
    const { row, at } = await queue();
    // 25 mg/dL is not critical; 25 mmol/L is 2,214.3 mg/dL.
    expect(row(maybe!.id)).toMatchObject({
      critical: true,
      criticalValue: {
        kind: "MAY_BE_CRITICAL",
        test: "Triglycerides",
        readings: [{ unit: "mmol/L", reason: "2214.3 mg/dL · above the lab range 0–150 · at or above the critical level 800" }],
      },
    });
    // 5.2 mg/dL, or 460.6 mg/dL in mmol/L: critical in neither.
    expect(row(plain!.id)).toMatchObject({ critical: false, criticalValue: null });
    expect(at(maybe!.id)).toBeLessThan(at(plain!.id));
  });

  it("is never left beyond the limit, however many ordinary results waited longer", async () => {
    const ordinary = await waiting([tg(180, "F"), tg(181, "F"), tg(182, "F")]);
    const [liver] = await waiting([alt(400)]);
    const [maybe] = await waiting([unitlessTg("25")]);
    // The ordinary results arrived first of the whole queue, the critical ones after them.
    const arrived = (id: string, iso: string) => db().hl7QueueEntry.update({ where: { id }, data: { createdAt: new Date(iso) } });
    for (const [i, e] of ordinary.entries()) await arrived(e.id, `2000-01-01T00:00:0${i}Z`);
    await arrived(liver!.id, "2000-01-02T00:00:00Z");
    await arrived(maybe!.id, "2000-01-03T00:00:00Z");
    const { rows } = await queue(3);
    expect(rows).toHaveLength(3);
    expect(rows.slice(0, 2).map((r) => r.id)).toEqual([liver!.id, maybe!.id]);
  });

  it("is dismissed by a nurse (only a pregnancy test waits for a dermatologist), and listed after a critical pregnancy test no older", async () => {
    const [pregnancy] = await waiting([hcg("Positive", "F")]);
    const [liver] = await waiting([alt(400)]);
    const { at, row } = await queue();
    expect(row(pregnancy!.id)).toMatchObject({ critical: true, dermatologistOnly: true, criticalValue: null });
    expect(at(pregnancy!.id)).toBeLessThan(at(liver!.id));
    actAs(nurse);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: liver!.id, reason: "Not a patient of this clinic" }))).toMatchObject({ status: "ok" });
  });
});
