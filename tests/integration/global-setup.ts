import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/migrate";
import { createFreshDatabase } from "../../scripts/fresh-db.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One fresh, migrated database for this run, dropped at the end. */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("Integration tests need DATABASE_URL (npm run test:integration provides one)");
  const fresh = await createFreshDatabase(base, "isotrack_it");
  await migrate(fresh.url);
  project.provide("databaseUrl", fresh.url);
  return async () => {
    await fresh.drop();
  };
}
