import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

/** Migration 20270128000000_prescription_written_for_backfill, as its SQL file reads. */
export const WRITTEN_FOR_BACKFILL = readFileSync("prisma/migrations/20270128000000_prescription_written_for_backfill/migration.sql", "utf8");

/**
 * A connection as the migrations' owner for the file's tests (opened before them, closed after): `query` runs a
 * statement with it, the backfill or the rows it starts from.
 */
export function asMigrationsOwner() {
  let owner: pg.Client;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
  });
  afterAll(() => owner.end());
  return { query: (sql: string, values: unknown[] = []) => owner.query(sql, values) };
}
