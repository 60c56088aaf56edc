import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { count, parseRows, queryRow, queryRows } from "./query-rows";

const row = z.object({ id: z.string(), total: count, note: z.string().nullable() });
/** A client that answers every query with these rows, and remembers the query. */
const answering = (rows: unknown[]) => {
  const sent: Prisma.Sql[] = [];
  return { sent, $queryRaw: (sql: Prisma.Sql) => (sent.push(sql), Promise.resolve(rows)) as never };
};

describe("rows of a raw query", () => {
  it("come back in the shape the code reads, counts as numbers", () => {
    expect(parseRows(row, [{ id: "a", total: 3n, note: null, extra: 1 }])).toEqual([{ id: "a", total: 3, note: null }]);
  });

  it("fail naming the column that is missing or of another type, never its value", () => {
    expect(() =>
      parseRows(row, [
        { id: "a", total: 3n, note: null },
        { id: "b", totl: 3n, note: null },
      ]),
    ).toThrow(/at 1\.total: .*expected bigint/);
    expect(() => parseRows(row, [{ id: "secret-value", total: 1n, note: 7 }])).toThrow(/^Unexpected row from the database at 0\.note: /);
    expect(() => parseRows(row, [{ id: "secret-value", total: 1n, note: 7 }])).not.toThrow(/secret-value/);
  });

  it("are read with the query's parameters kept apart from its text", async () => {
    const client = answering([{ id: "a", total: 1n, note: "x" }]);
    expect(await queryRows(client, row, Prisma.sql`SELECT ${"a"}::text AS id`)).toEqual([{ id: "a", total: 1, note: "x" }]);
    expect(client.sent[0]!.values).toEqual(["a"]);
  });

  it("of a query that answers one row give that row, and fail when there is none", async () => {
    expect(await queryRow(answering([{ id: "a", total: 2n, note: null }]), row, Prisma.sql`SELECT 1`)).toEqual({ id: "a", total: 2, note: null });
    await expect(queryRow(answering([]), row, Prisma.sql`SELECT 1`)).rejects.toThrow(/got none/);
  });
});
