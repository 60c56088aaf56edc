import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  recordPregnancyDecisionAction,
  recordPregnancyFollowUpAction,
  voidPregnancyFollowUpAction,
} from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { DERIVED_RULES_REVISION, runDailyRefresh } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * Migration 20270106000000_follow_up_referrals_before_tracking: a confirmed pregnancy documented before the
 * follow-ups were tracked (migration 20270104000000) was documented as "treatment stopped, patient referred",
 * so its referral is recorded as done with it; its REMS report stays open. Its SQL is run again here, as the
 * migrations' owner, over decisions arranged as they stood before it (the test database is already migrated).
 */
const db = () => testDb();
const MIGRATION = readFileSync("prisma/migrations/20270106000000_follow_up_referrals_before_tracking/migration.sql", "utf8");
const NOTE = "Recorded with the decision (patient referred)";
const REFERRAL = "Refer to an obstetrician experienced in reproductive toxicity";
const REPORT = "Report the pregnancy to the REMS program (iPLEDGE)";

let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject("ownerUrl") });
  await owner.connect();
});
afterAll(() => owner.end());

/** A patient who can become pregnant, no course, a positive test two days ago and the dermatologist's decision on it. */
async function decided(derm: { id: string }, outcome: "PREGNANCY_CONFIRMED" | "FALSE_POSITIVE") {
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const positive = await pregnancyTest(p.id, addDays(TODAY, -2), derm.id, "POSITIVE");
  if (outcome === "FALSE_POSITIVE") await pregnancyTest(p.id, addDays(TODAY, -1), derm.id);
  actAs(derm);
  expect(await recordPregnancyDecisionAction(IDLE, form({ patientId: p.id, labResultId: positive.id, outcome, reason: "Serum hCG" }))).toMatchObject({
    status: "ok",
  });
  const decision = await db().pregnancyDecision.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, decision };
}

/** Each follow-up record of the patient, the current ones first: [kind, done on, note, recorded by, voided]. */
const records = async (patientId: string) =>
  (await db().pregnancyFollowUp.findMany({ where: { patientId }, orderBy: [{ voidedAt: { sort: "asc", nulls: "first" } }, { recordedAt: "asc" }] })).map(
    (r) => [r.kind, r.doneOn.toISOString().slice(0, 10), r.note, r.recordedById, r.voidedAt !== null],
  );

describe("referrals of decisions documented before the follow-ups were tracked", () => {
  it("each such confirmed pregnancy without a current referral record gets one, on its day, by its dermatologist; once", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const other = await makeUser("DERMATOLOGIST");
    const plain = await decided(derm, "PREGNANCY_CONFIRMED");
    const recorded = await decided(derm, "PREGNANCY_CONFIRMED");
    const voided = await decided(derm, "PREGNANCY_CONFIRMED");
    const falsePositive = await decided(derm, "FALSE_POSITIVE");
    const sinceTracking = await decided(derm, "PREGNANCY_CONFIRMED");
    // A referral already recorded (by another dermatologist), and one recorded then voided as entered in error.
    actAs(other);
    const followUp = (patientId: string, decisionId: string) =>
      form({ patientId, decisionId, kind: "OBSTETRIC_REFERRAL", doneOn: addDays(TODAY, -1), note: "Dr. Obi" });
    expect(await recordPregnancyFollowUpAction(IDLE, followUp(recorded.p.id, recorded.decision.id))).toMatchObject({ status: "ok" });
    expect(await recordPregnancyFollowUpAction(IDLE, followUp(voided.p.id, voided.decision.id))).toMatchObject({ status: "ok" });
    const toVoid = await db().pregnancyFollowUp.findFirstOrThrow({ where: { patientId: voided.p.id } });
    expect(await voidPregnancyFollowUpAction(IDLE, form({ patientId: voided.p.id, recordId: toVoid.id, reason: "Wrong patient" }))).toMatchObject({
      status: "ok",
    });
    // When they were documented: before the follow-ups' migration was applied, or (the last) after it.
    const tracked = "(SELECT finished_at FROM _prisma_migrations WHERE migration_name = '20270104000000_pregnancy_follow_ups')";
    const before = [plain, recorded, voided, falsePositive].map((d) => d.decision.id);
    await owner.query(`UPDATE pregnancy_decisions SET decided_at = ${tracked} - interval '1 day' WHERE id = ANY($1::uuid[])`, [before]);
    await owner.query(`UPDATE pregnancy_decisions SET decided_at = ${tracked} + interval '1 hour' WHERE id = $1::uuid`, [sinceTracking.decision.id]);

    await owner.query(MIGRATION);
    const added = ["OBSTETRIC_REFERRAL", TODAY, NOTE, derm.id, false];
    expect(await records(plain.p.id)).toEqual([added]);
    expect(await records(recorded.p.id)).toEqual([["OBSTETRIC_REFERRAL", addDays(TODAY, -1), "Dr. Obi", other.id, false]]);
    expect(await records(voided.p.id)).toEqual([added, ["OBSTETRIC_REFERRAL", addDays(TODAY, -1), "Dr. Obi", other.id, true]]);
    expect(await records(falsePositive.p.id)).toEqual([]);
    expect(await records(sinceTracking.p.id)).toEqual([]);
    // Recorded when the decision was: its dermatologist attested the referral then.
    const row = await db().pregnancyFollowUp.findFirstOrThrow({ where: { patientId: plain.p.id } });
    expect(row.recordedAt.toISOString()).toBe((await db().pregnancyDecision.findUniqueOrThrow({ where: { id: plain.decision.id } })).decidedAt.toISOString());

    // Run again: nothing more.
    const count = () =>
      db().pregnancyFollowUp.count({ where: { patientId: { in: [plain, recorded, voided, falsePositive, sinceTracking].map((d) => d.p.id) } } });
    expect(await count()).toBe(4);
    await owner.query(MIGRATION);
    expect(await count()).toBe(4);

    // The next refresh, at the new rules revision, recomputes the stored items: the referral reads completed, the report stays due.
    await runDailyRefresh(db(), TODAY);
    await db().$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
    expect(await runDailyRefresh(db(), TODAY)).toMatchObject({ itemsForEveryPatient: true });
    const stored = await db().monitoringItemRow.findMany({ where: { patientId: plain.p.id }, orderBy: { itemKey: "asc" } });
    expect(stored.map((i) => [i.itemKey, i.completedOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      [`decision:${plain.decision.id}:follow-up-1`, TODAY],
      [`decision:${plain.decision.id}:follow-up-2`, null],
    ]);
    expect((await getPatientMonitoring({ role: "DERMATOLOGIST" }, plain.p.id, TODAY)).map((i) => [i.label, i.status])).toEqual([
      [REFERRAL, "COMPLETED"],
      [REPORT, "DUE"],
    ]);
    const [view] = await getPregnancyFollowUps({ role: "DERMATOLOGIST" }, plain.p.id, TODAY);
    expect(view!.due.map((d) => [d.kind, d.status, d.record?.note ?? null, d.record?.by ?? null])).toEqual([
      ["OBSTETRIC_REFERRAL", "COMPLETED", NOTE, "Test DERMATOLOGIST"],
      ["REMS_REPORT", "DUE", null, null],
    ]);
  });
});
