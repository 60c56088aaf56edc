import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOptions } from "@/lib/db-options";

/** One client per server process (and per dev hot-reload), created on first use so builds need no database. */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** A busy clinic waits a little for a pool connection rather than failing a clinical write. */
const TRANSACTIONS = { maxWait: 10_000, timeout: 20_000 };

/**
 * Under ISOTRACK_BENCH=1 (npm run bench) the process counts the queries it sends, in this process-wide
 * slot; the benchmark's probe (scripts/bench-probe.mjs), loaded into the server only by the benchmark,
 * reports it. The application itself never reads it.
 */
const BENCH_QUERIES = Symbol.for("isotrack.bench.queries");
const benchCounter = globalThis as unknown as { [BENCH_QUERIES]?: number };

export function createPrismaClient(connectionString = process.env.DATABASE_URL): PrismaClient {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  if (process.env.ISOTRACK_BENCH === "1") {
    const client = new PrismaClient({
      adapter: new PrismaPg(poolOptions(connectionString)),
      transactionOptions: TRANSACTIONS,
      log: [{ emit: "event", level: "query" }],
    });
    client.$on("query", () => {
      benchCounter[BENCH_QUERIES] = (benchCounter[BENCH_QUERIES] ?? 0) + 1;
    });
    return client;
  }
  return new PrismaClient({ adapter: new PrismaPg(poolOptions(connectionString)), transactionOptions: TRANSACTIONS });
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    globalForPrisma.prisma ??= createPrismaClient();
    const value = Reflect.get(globalForPrisma.prisma, prop);
    return typeof value === "function" ? value.bind(globalForPrisma.prisma) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
