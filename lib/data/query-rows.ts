import { z } from "zod";
import type { RawClient } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Rows of a raw query, each checked against the shape the code reads. The database does not type raw
 * SQL for us, so a renamed or retyped column (or a member of a JSON aggregate) fails here, naming the
 * column, instead of travelling on as undefined into a clinical computation. The message never carries
 * a value.
 */
export function parseRows<S extends z.ZodType>(schema: S, rows: unknown[]): z.output<S>[] {
  const parsed = z.array(schema).safeParse(rows);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`Unexpected row from the database at ${issue.path.join(".")}: ${issue.message}`);
}

/** Runs a parameterized query (Prisma.sql`...`) and parses its rows; see parseRows. */
export async function queryRows<S extends z.ZodType>(client: RawClient, schema: S, sql: Prisma.Sql): Promise<z.output<S>[]> {
  return parseRows(schema, await client.$queryRaw<unknown[]>(sql));
}

/** The one row of a query that always returns exactly one (an aggregate, a function call). */
export async function queryRow<S extends z.ZodType>(client: RawClient, schema: S, sql: Prisma.Sql): Promise<z.output<S>> {
  const [row] = await queryRows(client, schema, sql);
  if (row === undefined) throw new Error("Expected one row from the database, got none");
  return row;
}

/** A count(*) column: bigint from the database, a number to the code. */
export const count = z.bigint().transform(Number);
/** A `date` read as text in SQL (`::text`, ISO under the default DateStyle): "YYYY-MM-DD". */
export const isoDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A `date` or `timestamptz` column. */
export const dateColumn = z.date();
