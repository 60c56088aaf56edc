import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { acknowledgeLabAction, recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { DERIVED_RULES_REVISION, runDailyRefresh } from "@/lib/data/daily-refresh";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { makeLabInterface, oru, postHl7 } from "./hl7-helpers";

/**
 * Migration 20270107000000_repeat_requests_follow_corrections: repeat requests that corrections made before
 * they carried them left on the voided result follow the result's corrections while each is still abnormal, to
 * the current result reached. Its SQL is run again here, as the migrations' owner, over requests put back where
 * the earlier code left them (the test database is already migrated, and corrections now carry them).
 */
const db = () => testDb();
const MIGRATION = readFileSync("prisma/migrations/20270107000000_repeat_requests_follow_corrections/migration.sql", "utf8");

let owner: pg.Client;
let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject("ownerUrl") });
  await owner.connect();
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
});
afterAll(() => owner.end());

/**
 * A triglyceride of 612 mg/dL reviewed with "Repeat test" (due 7 Dec), then each step in turn: a corrected value
 * of the current result, or "void" (entered in error); the request then put back on the result reviewed, as
 * corrections left it before they carried it. Returns the request and each result in order.
 */
async function reviewedThen(steps: string[]) {
  const p = await makePatient();
  const tg = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  actAs(nurse);
  await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", [`value:${tg.id}`]: "612" }));
  const results = [(await db().labResult.findFirstOrThrow({ where: { patientId: p.id } })).id];
  actAs(derm);
  expect(await acknowledgeLabAction(IDLE, form({ labResultId: results[0]!, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
  actAs(nurse);
  for (const step of steps) {
    const current = results.at(-1)!;
    const fields: Record<string, string> = step === "void" ? { reason: "Wrong patient" } : { value: step, reason: "Typing error" };
    expect(await correctLabResultAction(IDLE, form({ labResultId: current, ...fields }))).toMatchObject({ status: "ok" });
    const { replacedById } = await db().labResult.findUniqueOrThrow({ where: { id: current } });
    if (replacedById) results.push(replacedById);
  }
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  await owner.query(`UPDATE lab_repeat_requests SET lab_result_id = $1::uuid WHERE id = $2::uuid`, [results[0], request.id]);
  return { p, request, results };
}

const requestOn = async (id: string) => (await db().labRepeatRequest.findUniqueOrThrow({ where: { id } })).labResultId;

describe("repeat requests left behind by earlier corrections", () => {
  it("follow the corrections while they stay abnormal, to the current result; the others stay; the next refresh lists them", async () => {
    const abnormal = await reviewedThen(["650"]);
    const chain = await reviewedThen(["650", "700"]);
    const normal = await reviewedThen(["120"]);
    const throughNormal = await reviewedThen(["120", "650"]);
    const correctionVoided = await reviewedThen(["650", "void"]);

    await owner.query(MIGRATION);
    expect(await requestOn(abnormal.request.id)).toBe(abnormal.results[1]);
    expect(await requestOn(chain.request.id)).toBe(chain.results[2]);
    expect(await requestOn(normal.request.id)).toBe(normal.results[0]);
    expect(await requestOn(throughNormal.request.id)).toBe(throughNormal.results[0]);
    expect(await requestOn(correctionVoided.request.id)).toBe(correctionVoided.results[0]);
    // The due date is the one asked for.
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: chain.request.id } })).dueDate.toISOString().slice(0, 10)).toBe("2026-12-07");

    // Run again: nothing moves.
    await owner.query(MIGRATION);
    expect(await requestOn(chain.request.id)).toBe(chain.results[2]);

    // Stored as the earlier code left them (no item for a request on a voided result), the next refresh at the new
    // rules revision lists the repeats carried over, and only those.
    const patients = [abnormal, chain, normal, throughNormal, correctionVoided].map((x) => x.p.id);
    await db().monitoringItemRow.deleteMany({ where: { patientId: { in: patients }, kind: "LAB_REPEAT" } });
    await runDailyRefresh(db(), TODAY);
    await db().$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
    expect(await runDailyRefresh(db(), TODAY)).toMatchObject({ itemsForEveryPatient: true });
    const listed = async (patientId: string) =>
      (await db().monitoringItemRow.findMany({ where: { patientId, kind: "LAB_REPEAT" } })).map((i) => [i.itemKey, i.dueDate.toISOString().slice(0, 10)]);
    expect(await listed(abnormal.p.id)).toEqual([[`repeat:${abnormal.request.id}:lab`, "2026-12-07"]]);
    expect(await listed(chain.p.id)).toEqual([[`repeat:${chain.request.id}:lab`, "2026-12-07"]]);
    for (const left of [normal, throughNormal, correctionVoided]) expect(await listed(left.p.id)).toEqual([]);
  });
});

describe("repeat requests left behind, where the corrections met copies of a result", () => {
  it("follow a correction voided later to the copy of it that took its place", async () => {
    const { p, request, results } = await reviewedThen(["650"]);
    // Where the correction carried it, for what follows to find it as it would have.
    await owner.query(`UPDATE lab_repeat_requests SET lab_result_id = $1::uuid WHERE id = $2::uuid`, [results[1], request.id]);
    const tg = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    // The corrected value recorded again on purpose (the laboratory's report of it, typed in), then the
    // correction voided: its copy is the result now.
    actAs(nurse);
    const again = await recordLabPanelAction(
      IDLE,
      form({
        patientId: p.id,
        submissionId: randomUUID(),
        specimenDate: "2026-11-20",
        [`value:${tg.id}`]: "650",
        ack: tokenFor(`DUPLICATE:${tg.id}`, "Triglycerides: the same result (650 mg/dL, 20 Nov 2026) is already recorded. Record it again?"),
      }),
    );
    expect(again).toMatchObject({ status: "ok" });
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: results[1] } });
    expect(await correctLabResultAction(IDLE, form({ labResultId: results[1]!, reason: "Recorded twice" }))).toMatchObject({ status: "ok" });
    expect((await db().labResult.findUniqueOrThrow({ where: { id: copy.id } })).duplicateOfId).toBeNull();
    // Where a correction that carried the request leaves it now: on the copy.
    expect(await requestOn(request.id)).toBe(copy.id);

    await owner.query(`UPDATE lab_repeat_requests SET lab_result_id = $1::uuid WHERE id = $2::uuid`, [results[0], request.id]);
    await owner.query(MIGRATION);
    expect(await requestOn(request.id)).toBe(copy.id);
  });

  it("stay behind a correction that repeats a result on file that is normal by its own range", async () => {
    const { token } = await makeLabInterface(await makeUser("ADMIN"), `Migration lab ${randomUUID().slice(0, 8)}`);
    const p = await makePatient();
    // The laboratory's 160 mg/dL within its range 0-200 (normal); the faxed report typed in as 610 (action level).
    await postHl7(token, oru(`MG-${randomUUID().slice(0, 8)}`, p.mrn, ["NM|2571-8^Triglyceride^LN||160|mg/dL|0-200|N|||F"]));
    const onFile = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    const tg = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    actAs(nurse);
    await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-22", [`value:${tg.id}`]: "610" }));
    const typed = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, id: { not: onFile.id } } });
    actAs(derm);
    expect(await acknowledgeLabAction(IDLE, form({ labResultId: typed.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
    actAs(nurse);
    // Corrected to the laboratory's value: the correction (above the typed entry's range 0-150) names the result on file.
    expect(await correctLabResultAction(IDLE, form({ labResultId: typed.id, value: "160", reason: "Typing error" }))).toMatchObject({ status: "ok" });
    const { replacedById } = await db().labResult.findUniqueOrThrow({ where: { id: typed.id } });
    expect(await db().labResult.findUniqueOrThrow({ where: { id: replacedById! } })).toMatchObject({ flag: "HIGH", duplicateOfId: onFile.id });
    const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
    // The result on file is normal: a correction leaves the request where it was.
    expect(request.labResultId).toBe(typed.id);

    await owner.query(MIGRATION);
    expect(await requestOn(request.id)).toBe(typed.id);
  });
});
