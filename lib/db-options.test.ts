import { describe, expect, it } from "vitest";
import { poolOptions } from "./db-options";

const url = "postgresql://app:secret@127.0.0.1:5432/isotrack";

describe("poolOptions: the pool every Prisma client connects through", () => {
  it("turns parallel query off per connection by default", () => {
    expect(poolOptions(url, {})).toEqual({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000, options: "-c max_parallel_workers_per_gather=0" });
  });

  it("lets the operator allow parallel workers", () => {
    expect(poolOptions(url, { DATABASE_PARALLEL_WORKERS: "2" }).options).toBe("-c max_parallel_workers_per_gather=2");
    expect(poolOptions(url, { DATABASE_PARALLEL_WORKERS: " " }).options).toBe("-c max_parallel_workers_per_gather=0");
  });

  it("refuses a value that is not a whole number of workers", () => {
    for (const bad of ["-1", "two", "1.5", "100", "0; DROP"]) expect(() => poolOptions(url, { DATABASE_PARALLEL_WORKERS: bad })).toThrow(/whole number/);
  });

  it("keeps the options a connection string sets itself", () => {
    const own = `${url}?options=-c%20statement_timeout%3D5000`;
    expect(poolOptions(own, {})).toEqual({ connectionString: own, max: 10, connectionTimeoutMillis: 10_000 });
  });
});
