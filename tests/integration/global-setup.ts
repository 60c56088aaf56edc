import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/migrate";
import { createFreshDatabase } from "../../scripts/fresh-db.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The application role's URL: what the app and most tests use. */
    databaseUrl: string;
    /** The owner role's URL (migrations). */
    ownerUrl: string;
    /** The superuser's URL on the run's database, for tests that play a database administrator. */
    adminUrl: string;
    /** The run's own audit checkpoint directory (AUDIT_CHECKPOINT_DIR). */
    checkpointDir: string;
  }
}

/**
 * One fresh, migrated database for this run, with its own owner and application roles, dropped at the end.
 * The base URL must be able to create databases and roles: DATABASE_ADMIN_URL (the embedded superuser,
 * set by `npm run test:integration`) or DATABASE_URL.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL;
  if (!base) throw new Error("Integration tests need DATABASE_URL (npm run test:integration provides one)");
  const fresh = await createFreshDatabase(base, "isotrack_it");
  await migrate(fresh.ownerUrl, undefined, { appRole: fresh.appRole });
  project.provide("databaseUrl", fresh.url);
  project.provide("ownerUrl", fresh.ownerUrl);
  project.provide("adminUrl", fresh.adminUrl);
  const checkpointDir = mkdtempSync(path.join(tmpdir(), "isotrack-it-checkpoints-"));
  project.provide("checkpointDir", checkpointDir);
  return async () => {
    rmSync(checkpointDir, { recursive: true, force: true });
    await fresh.drop();
  };
}
