import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { actAs, asAdmin, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/*
 * A settings version that shapes derived data and the job that applies it commit together (pg-boss's insert
 * runs in the save's transaction): a job that cannot be queued leaves no version either, instead of a
 * version in force whose figures wait for the next night.
 */
const REFUSE = `CREATE OR REPLACE FUNCTION pg_temp_refuse_recompute() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN IF NEW.name = 'settings-recompute' THEN RAISE EXCEPTION 'queue unavailable'; END IF; RETURN NEW; END $$`;

describe("a settings version and its recompute job", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(async () => {
    await asAdmin("DROP TRIGGER IF EXISTS refuse_recompute ON pgboss.job");
    await asAdmin("DROP FUNCTION IF EXISTS pg_temp_refuse_recompute()");
    await deliverQueuedJobs("settings-recompute");
    await restoreDefaultSettings();
  });

  it("are saved together: the version is numbered and audited, and its job is waiting when the save answers", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: TODAY, ...flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 7 }) }),
    );
    expect(r).toMatchObject({ status: "ok" });
    const waiting = await testDb().$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE name = 'settings-recompute' AND state = 'created'`;
    expect(waiting.map((j) => j.data)).toEqual([{ kind: "MONITORING_PROTOCOL", version: 2 }]);
  });

  it("are refused together: a job that cannot be queued leaves no version and no audit row, and the form says why", async () => {
    await asAdmin(REFUSE);
    await asAdmin("CREATE TRIGGER refuse_recompute BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION pg_temp_refuse_recompute()");
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: TODAY, ...flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 7 }) }),
    );
    expect(r).toMatchObject({ status: "error", message: expect.stringContaining("could not be queued, so they were not saved") });
    const db = testDb();
    expect(await db.clinicConfig.count({ where: { kind: "MONITORING_PROTOCOL" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "settings.update", actorId: derm.id } })).toBe(0);
    // Lab thresholds shape nothing stored: saved without a job, whatever the queue.
    const thresholds = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "LAB_THRESHOLDS", effectiveFrom: TODAY, ...flat({ ...DEFAULT_THRESHOLDS, TG: { ...DEFAULT_THRESHOLDS.TG, action: 600 } }) }),
    );
    expect(thresholds).toMatchObject({ status: "ok" });
  });
});
