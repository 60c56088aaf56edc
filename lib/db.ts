import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { poolOptions } from "@/lib/db-options";

/** One client per server process (and per dev hot-reload), created on first use so builds need no database. */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** A busy clinic waits a little for a pool connection rather than failing a clinical write. */
const TRANSACTIONS = { maxWait: 10_000, timeout: 20_000 };

/**
 * The bound of an import's one transaction (a migration file's commit, a laboratory message), longer than
 * a form's: the largest HL7 message the endpoint accepts (256 KB, one result for each of about 2,900
 * patients) took 40 seconds on a two-core test machine, and a message that always outlived its transaction
 * would be answered AR, and sent again by the laboratory, for ever.
 */
export const IMPORT_TRANSACTION = { timeout: 120_000 };

/**
 * Under ISOTRACK_BENCH=1 (npm run bench) the process counts the queries it sends, in this process-wide
 * slot; the benchmark's probe (scripts/bench-probe.mjs), loaded into the server only by the benchmark,
 * reports it. The application itself never reads it.
 */
const BENCH_QUERIES = Symbol.for("isotrack.bench.queries");
const benchCounter = globalThis as unknown as { [BENCH_QUERIES]?: number };

/**
 * Each client's connection pool, for the few writes made through the driver itself (inDriverTransaction).
 * Process-wide, like the client: the server's bundles each carry their own copy of this module.
 */
const POOLS = Symbol.for("isotrack.db.pools");
const pools = ((globalThis as unknown as { [POOLS]?: WeakMap<PrismaClient, pg.Pool> })[POOLS] ??= new WeakMap());

export function createPrismaClient(connectionString = process.env.DATABASE_URL): PrismaClient {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool(poolOptions(connectionString));
  // An idle connection's error (the server restarted) must not end the process before Prisma has
  // connected and added its own listener; the pool drops that connection and opens another when asked.
  pool.on("error", () => undefined);
  const adapter = prismaAdapter(pool);
  let client: PrismaClient;
  if (process.env.ISOTRACK_BENCH === "1") {
    const counted = new PrismaClient({ adapter, transactionOptions: TRANSACTIONS, log: [{ emit: "event", level: "query" }] });
    counted.$on("query", () => {
      benchCounter[BENCH_QUERIES] = (benchCounter[BENCH_QUERIES] ?? 0) + 1;
    });
    client = counted;
  } else client = new PrismaClient({ adapter, transactionOptions: TRANSACTIONS });
  pools.set(client, pool);
  return client;
}

type PgDriverAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<PgDriverAdapter["startTransaction"]>>;
type AdapterQuery = Parameters<AdapterTransaction["queryRaw"]>[0];

/** The answer to a statement sent through a transaction after its end. */
const TRANSACTION_ENDED = "The transaction has ended (committed, rolled back or timed out): a statement sent after its end is not run";
/** A statement that ends a transaction (ROLLBACK TO SAVEPOINT does not). */
const ENDS_TRANSACTION = /^\s*(commit|end|abort|rollback(?!\s+to\b))\b/i;

/**
 * The Prisma adapter of every client, on its pool (which the client's $disconnect ends). Each transaction it
 * starts refuses every statement sent after its COMMIT or ROLLBACK was. When Prisma's timeout rolls a
 * transaction back while one of its statements runs, the caller's work goes on, and the next statement it
 * sends (the second of one call, such as an update's nested create) would otherwise reach the connection after
 * the ROLLBACK and be committed on its own (prisma/orm#29762), or run in the transaction of whoever borrows the
 * connection next. A connection runs statements in the order they are sent: each one sent before the end is
 * inside the transaction, and none sent after it runs.
 */
export function prismaAdapter(pool: pg.Pool) {
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => closedAtItsEnd(await start(isolationLevel));
    return adapter;
  };
  return factory;
}

function closedAtItsEnd(tx: AdapterTransaction): AdapterTransaction {
  let ended = false;
  const untilEnded =
    <R>(send: (query: AdapterQuery) => Promise<R>) =>
    (query: AdapterQuery): Promise<R> => {
      if (ended) return Promise.reject(new Error(TRANSACTION_ENDED));
      if (ENDS_TRANSACTION.test(query.sql)) ended = true;
      return send(query);
    };
  // Savepoints are sent through these too.
  tx.queryRaw = untilEnded(tx.queryRaw.bind(tx));
  tx.executeRaw = untilEnded(tx.executeRaw.bind(tx));
  // Called once the COMMIT or ROLLBACK has run, to return the connection to the pool.
  const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)];
  tx.commit = () => {
    ended = true;
    return commit();
  };
  tx.rollback = () => {
    ended = true;
    return rollback();
  };
  return tx;
}

/** The process's client, created on first use. */
const processClient = () => (globalForPrisma.prisma ??= createPrismaClient());

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = processClient();
    const value = Reflect.get(client, prop);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** A client running raw SQL (Prisma.sql`...`): the Prisma client, its transaction, or a driver transaction. */
export interface RawClient {
  $queryRaw<T = unknown>(query: Prisma.Sql): PromiseLike<T>;
}

/**
 * Runs `work` in one transaction on a connection of `db`'s own pool, through the PostgreSQL driver
 * rather than Prisma's interactive transactions: for the statements on every page's path (the access
 * audit rows), where Prisma's per-statement work costs several times the driver's. Values come back as
 * the driver types them (int8 and numeric as text). Commits when `work` resolves, rolls back when it throws.
 *
 * Bounded in time: waiting for a connection ends with the pool's connection timeout (lib/db-options.ts),
 * and the transaction's own settings end any one statement that runs longer than `timeoutMs`, and the
 * transaction when it is left idle that long between statements (a stalled caller). The BEGIN and those
 * settings are one round trip. The bound is per statement, not for the whole transaction: its callers
 * send a few statements (the access audit's three), so one holding the audit chain's lock cannot hold
 * it, and every writer behind it, for much longer than that.
 */
export async function inDriverTransaction<T>(work: (client: RawClient) => Promise<T>, { timeoutMs = TRANSACTIONS.timeout } = {}): Promise<T> {
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error("A transaction's timeout is a whole number of milliseconds");
  const pool = pools.get(processClient());
  if (!pool) throw new Error("The database client has no pool of its own");
  const conn = await pool.connect();
  // While checked out, the connection is ours to listen to: an error between statements (the server
  // ended the session, as an idle transaction's timeout does) would otherwise end the process. The
  // statement after it fails, and the connection is not returned to the pool.
  let broken: unknown = undefined;
  const onError = (error: unknown) => (broken ??= error);
  conn.on("error", onError);
  const bench = process.env.ISOTRACK_BENCH === "1";
  const run = async (text: string, values?: unknown[]) => {
    if (bench) benchCounter[BENCH_QUERIES] = (benchCounter[BENCH_QUERIES] ?? 0) + 1;
    return (await conn.query(text, values)).rows;
  };
  // The client `work` is given sends nothing once the transaction ends, as a Prisma transaction (prismaAdapter):
  // a statement it sent later would run on its own, on a connection back in the pool.
  let open = true;
  const client: RawClient = {
    $queryRaw: <R>(sql: Prisma.Sql) => (open ? (run(sql.text, sql.values) as Promise<R>) : Promise.reject(new Error(TRANSACTION_ENDED))),
  };
  try {
    await run(`BEGIN; SET LOCAL statement_timeout = ${timeoutMs}; SET LOCAL idle_in_transaction_session_timeout = ${timeoutMs}`);
    const result = await work(client);
    open = false;
    await run("COMMIT");
    return result;
  } catch (error) {
    open = false;
    await run("ROLLBACK").catch((e: unknown) => (broken ??= e));
    throw error;
  } finally {
    // A connection that failed, or could not even roll back, is closed, not returned to the pool.
    conn.off("error", onError);
    conn.release(broken === undefined ? undefined : (broken as Error));
  }
}
