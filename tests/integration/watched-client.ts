import pg from "pg";
import { prismaAdapter } from "@/lib/db";
import { poolOptions } from "@/lib/db-options";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * A Prisma client made as the application makes its own (lib/db.ts prismaAdapter), on a pool whose
 * connections report the statements handed to them: `rollbackSent()` resolves when the next ROLLBACK is given
 * to a connection (a transaction's timeout ending it), so that a test holding a statement back can let it go
 * on only once that has happened. Nothing is changed on the way to the database.
 */
export function watchedClient(url: string) {
  const pool = new pg.Pool(poolOptions(url));
  pool.on("error", () => undefined);
  const waiting: (() => void)[] = [];
  pool.on("connect", (conn) => {
    const send = conn.query.bind(conn) as (...args: unknown[]) => unknown;
    conn.query = ((...args: unknown[]) => {
      const config = args[0];
      const text = typeof config === "string" ? config : (config as { text?: unknown } | undefined)?.text;
      if (text === "ROLLBACK") for (const resolve of waiting.splice(0)) resolve();
      return send(...args);
    }) as typeof conn.query;
  });
  const client = new PrismaClient({ adapter: prismaAdapter(pool) });
  return { client, rollbackSent: () => new Promise<void>((resolve) => waiting.push(resolve)) };
}

/** A connection of its own, for holding a lock that a statement under test then waits for. */
export async function lockHolder(url: string) {
  const conn = new pg.Client({ connectionString: url });
  await conn.connect();
  return conn;
}
