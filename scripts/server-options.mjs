// The production server's V8 heap, sized for a clinic server on a small machine: the live heap under load
// is about 100 MB, but V8 left to itself grows the heap to 300+ MB before collecting (RSS over 500 MB at
// 10,000 patients). A 192 MB old space and 8 MB young-generation semi-spaces keep RSS near 250 MB at the
// same latency (README "Performance"). An operator's own NODE_OPTIONS heap settings win.
export const SERVER_NODE_OPTIONS = "--max-old-space-size=192 --max-semi-space-size=8";
// glibc otherwise raises its mmap threshold after the first large block freed, so later large blocks
// (response buffers, V8's compiler zones) come from the heap and stay mapped once freed; fixed
// thresholds return them and trim the heap's top (about 18 MB less peak RSS here). Other C libraries
// ignore the variable.
export const MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072";

/**
 * The environment for `next start`: NODE_OPTIONS reaches the server process that `next start` forks.
 * The owner's and the superuser's database URLs are left out: the server connects only as DATABASE_URL,
 * the application role (README, "Database").
 */
export function serverEnv(env = process.env) {
  const { DATABASE_OWNER_URL: _owner, DATABASE_ADMIN_URL: _admin, ...rest } = env;
  // glibc gives each thread that allocates its own malloc arena (V8's helper threads, libuv's pool); two
  // arenas hold the same work in less memory (about 25 MB less peak RSS here). An operator's value wins.
  rest.MALLOC_ARENA_MAX ??= "2";
  rest.GLIBC_TUNABLES ??= MALLOC_TUNABLES; // likewise
  const own = rest.NODE_OPTIONS ?? "";
  if (/--max-old-space-size|--max-semi-space-size/.test(own)) return rest;
  return { ...rest, NODE_OPTIONS: `${own} ${SERVER_NODE_OPTIONS}`.trim() };
}
