/**
 * The PostgreSQL pool settings of every Prisma client (lib/db.ts).
 *
 * Parallel query is off per connection unless DATABASE_PARALLEL_WORKERS sets the number of workers a
 * statement may start. The clinic-wide counts (the dashboard's cards, the worklist's totals) are
 * index-only scans of tens of thousands of entries: PostgreSQL would start two worker processes for
 * each, which on a small server shared by several users costs more CPU than it saves (at 250,000
 * patients on two cores the dashboard served about a third more requests per second without them;
 * README, "Performance"). A connection string that sets its own `options` keeps them.
 */
export function poolOptions(connectionString: string, env: Record<string, string | undefined> = process.env) {
  const raw = env.DATABASE_PARALLEL_WORKERS?.trim() || "0";
  if (!/^\d{1,2}$/.test(raw)) throw new Error("DATABASE_PARALLEL_WORKERS must be a whole number of workers (0 to 99)");
  const ownOptions = URL.canParse(connectionString) && new URL(connectionString).searchParams.has("options");
  return {
    connectionString,
    max: 10,
    // A request waits at most this long for a connection (or to open one) and then fails, instead of
    // hanging while every connection is taken; the same bound as a Prisma transaction's wait (lib/db.ts).
    connectionTimeoutMillis: 10_000,
    ...(ownOptions ? {} : { options: `-c max_parallel_workers_per_gather=${Number(raw)}` }),
  };
}
