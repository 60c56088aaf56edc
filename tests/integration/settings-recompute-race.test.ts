import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { courseRows } from "./course-fixture";
import { actAs, asAdmin, makeUser, testDb, TODAY, until } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/*
 * A protocol version saved while a recompute of its kind already waits: the save queues none of its own (the
 * queue holds one waiting job per kind), so the waiting job must not run before the version is committed. Here
 * the save's commit is held (a deferred trigger waits on a lock this test holds) while the worker delivers the
 * waiting job; once the version commits, a job that applies it must still be waiting.
 */
const GATE = 424_242;
const HOLD = `CREATE OR REPLACE FUNCTION test_hold_settings_commit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_advisory_xact_lock(${GATE}, 1); RETURN NULL; END $$`;

async function waitingOnGate(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::int::oid",
    [GATE],
  );
  return rows[0]!.n === 1;
}

describe("a settings version saved while its kind's recompute waits", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(async () => {
    await asAdmin("DROP TRIGGER IF EXISTS hold_settings_commit ON clinic_configs");
    await asAdmin("DROP FUNCTION IF EXISTS test_hold_settings_commit()");
    await restoreDefaultSettings();
  });

  it("is applied: the waiting job does not run before the version commits, or another waits for it", async () => {
    const { patient } = await courseRows({ start: TODAY }); // its peak-dose labs follow today's protocol
    await refreshAllDerivedData(testDb(), TODAY);
    const peak = async () =>
      (await testDb().monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);
    expect(await peak()).toBe(addDays(TODAY, 8 * 7));
    actAs(await makeUser("DERMATOLOGIST"));
    const save = async (weeks: number) =>
      saveClinicSettingsAction(
        IDLE,
        await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: TODAY, ...flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: weeks }) }),
      );
    // A first version queues its recompute, which waits for the worker.
    expect(await save(7)).toMatchObject({ status: "ok" });

    await asAdmin(HOLD);
    await asAdmin(
      "CREATE CONSTRAINT TRIGGER hold_settings_commit AFTER INSERT ON clinic_configs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_hold_settings_commit()",
    );
    const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await gate.connect();
    try {
      await gate.query("BEGIN");
      await gate.query("SELECT pg_advisory_xact_lock($1::int, 1)", [GATE]);
      // A second version, at its commit: its job is queued, or one waits already.
      const second = save(6);
      await until(() => waitingOnGate(gate), "the second save waits at its commit");
      // Meanwhile the worker delivers what it may.
      await deliverQueuedJobs("settings-recompute");
      await gate.query("COMMIT");
      expect(await second).toMatchObject({ status: "ok" });
    } finally {
      await gate.end();
    }
    // The worker delivers what is left: the patient's peak-dose labs follow the version in force, 6 weeks.
    await deliverQueuedJobs("settings-recompute");
    expect(await peak()).toBe(addDays(TODAY, 6 * 7));
  });
});
