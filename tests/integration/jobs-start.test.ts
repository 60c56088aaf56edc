import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { keepStartingJobWorker } from "@/lib/jobs/worker";
import { migrate } from "@/lib/migrate";
import { asAdmin } from "./helpers";

/** The same server, another database: `name`. */
const onDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * A server started before its database (instrumentation.ts): the job worker keeps trying, and starts once
 * the database is there and migrated, instead of never running the daily refresh or sending a reminder.
 */
describe("starting the job worker", () => {
  it("keeps trying while the database is missing, then unmigrated, and starts once it is migrated", async () => {
    const name = `isotrack_late_${randomUUID().slice(0, 8)}`;
    const url = onDatabase(inject("adminUrl"), name);
    const failures: string[] = [];
    // Resolves once the worker has failed to start `n` times in all.
    const waiters: { n: number; resolve: () => void }[] = [];
    const failedTimes = (n: number) => new Promise<void>((resolve) => (failures.length >= n ? resolve() : waiters.push({ n, resolve })));
    const starting = keepStartingJobWorker(url, {
      firstDelayMs: 20,
      maxDelayMs: 100,
      onFailure: (error) => {
        failures.push(error instanceof Error ? error.message : String(error));
        for (const w of waiters.filter((w) => failures.length >= w.n)) w.resolve();
      },
    });
    try {
      await failedTimes(1);
      expect(failures[0]).toContain(`database "${name}" does not exist`);
      await asAdmin(`CREATE DATABASE "${name}"`);
      // There, but without the job queue's schema: still refused, still retried.
      const before = failures.length;
      await failedTimes(before + 2);
      expect(failures.slice(before + 1)).toContainEqual(expect.stringContaining("pg-boss is not installed"));
      await migrate(url);
      const boss = await starting;
      try {
        // Started for real: it queued its first daily refresh.
        expect((await boss.getQueue("daily-refresh"))?.name).toBe("daily-refresh");
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    } finally {
      await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
