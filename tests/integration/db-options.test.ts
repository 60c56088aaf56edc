import { describe, expect, it } from "vitest";
import { testDb } from "./helpers";

/** The application's connections (lib/db-options.ts) reach PostgreSQL with parallel query off. */
describe("the application's database connections", () => {
  it("run their statements without parallel workers", async () => {
    const [row] = await testDb().$queryRaw<{ workers: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS workers`;
    expect(row?.workers).toBe("0");
    // Inside a transaction too: the setting belongs to the connection, not to one statement.
    const inTx = await testDb().$transaction((tx) => tx.$queryRaw<{ workers: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS workers`);
    expect(inTx[0]?.workers).toBe("0");
  });
});
