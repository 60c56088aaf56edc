import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { configCacheListening, getThresholds } from "@/lib/data/config";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { saveClinicConfig } from "@/lib/data/settings";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { makeUser, testDb, TODAY, until } from "./helpers";
import { restoreDefaultSettings } from "./jobs-helpers";

/**
 * The per-process cache of the clinic's settings versions: read once, then served from memory while the
 * process hears the database's announcements of changes to clinic_configs; a save in this process drops
 * it at once, a change made anywhere else once announced; without the announcements nothing is cached.
 */
beforeAll(async () => {
  vi.stubEnv("CONFIG_CACHE_MS", "600000");
  // The seeded version 1 of each kind, which the silent changes below edit.
  await ensureReferenceData(testDb());
});
afterAll(() => {
  vi.unstubAllEnvs();
});
afterEach(restoreDefaultSettings);

const tgAction = async () => (await getThresholds(TODAY)).TG.action;

/** Changes the stored thresholds as a database administrator would with triggers off: nothing is announced. */
async function silentlySetTgAction(value: number) {
  const su = new pg.Client({ connectionString: inject("adminUrl") });
  await su.connect();
  try {
    await su.query("SET session_replication_role = replica");
    await su.query(`UPDATE clinic_configs SET config = jsonb_set(config, '{TG,action}', $1::jsonb) WHERE kind = 'LAB_THRESHOLDS'`, [String(value)]);
  } finally {
    await su.end();
  }
}

async function listening() {
  await tgAction(); // the first read starts the listener
  await until(configCacheListening, "the cache listens");
  expect(await tgAction()).toBe(DEFAULT_THRESHOLDS.TG.action);
}

describe("settings cache", () => {
  it("serves the versions from memory once read", async () => {
    await listening();
    await silentlySetTgAction(550);
    expect(await tgAction()).toBe(500); // unannounced: the cached version
    vi.stubEnv("CONFIG_CACHE_MS", "0");
    expect(await tgAction()).toBe(550); // read from the table
    vi.stubEnv("CONFIG_CACHE_MS", "600000");
    await silentlySetTgAction(500);
  });

  it("drops them at once when this process saves a version, and when another announces a change", async () => {
    await listening();
    const derm = await makeUser("DERMATOLOGIST");
    const config = { ...DEFAULT_THRESHOLDS, TG: { ...DEFAULT_THRESHOLDS.TG, action: 600 } };
    const openedAt = (await testDb().clinicConfig.findFirst({ where: { kind: "LAB_THRESHOLDS" }, orderBy: { version: "desc" } }))?.version ?? 0;
    await saveClinicConfig({ id: derm.id, role: "DERMATOLOGIST" }, { kind: "LAB_THRESHOLDS", effectiveFrom: TODAY, config, openedAt }, TODAY);
    expect(await tgAction()).toBe(600);

    await testDb().$executeRaw`UPDATE clinic_configs SET config = jsonb_set(config, '{TG,action}', '650') WHERE kind = 'LAB_THRESHOLDS' AND version = 2`;
    await until(async () => (await tgAction()) === 650, "the change made elsewhere reaches the cache");
  });

  it("caches nothing while it cannot hear the announcements", async () => {
    await listening();
    await testDb()
      .$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'isotrack-config-cache' AND datname = current_database()`;
    await until(() => !configCacheListening(), "the cache notices the lost connection");
    await silentlySetTgAction(550);
    expect(await tgAction()).toBe(550);
    await silentlySetTgAction(500);
  });
});
