import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** One client per server process (and per dev hot-reload), created on first use so builds need no database. */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** A busy clinic waits a little for a pool connection rather than failing a clinical write. */
const TRANSACTIONS = { maxWait: 10_000, timeout: 20_000 };

let queries = 0;
/** Queries this process has sent (counted only under ISOTRACK_BENCH=1, for the benchmark). */
export const queryCount = () => queries;

export function createPrismaClient(connectionString = process.env.DATABASE_URL): PrismaClient {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  if (process.env.ISOTRACK_BENCH === "1") {
    const client = new PrismaClient({
      adapter: new PrismaPg({ connectionString, max: 10 }),
      transactionOptions: TRANSACTIONS,
      log: [{ emit: "event", level: "query" }],
    });
    client.$on("query", () => {
      queries++;
    });
    return client;
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }), transactionOptions: TRANSACTIONS });
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    globalForPrisma.prisma ??= createPrismaClient();
    const value = Reflect.get(globalForPrisma.prisma, prop);
    return typeof value === "function" ? value.bind(globalForPrisma.prisma) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
