// Loaded into the production server by `npm run bench` only (node --import), never part of the app: it
// answers the benchmark's "probe" messages on the process's IPC channel with the queries the server has
// sent (counted by lib/db.ts under ISOTRACK_BENCH=1), its memory and the CPU time it has used. No port, no route, no patient data.
const QUERIES = Symbol.for("isotrack.bench.queries");

process.on("message", (message) => {
  if (message?.type !== "probe") return;
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const { user, system } = process.cpuUsage(); // every thread of the process (garbage collection included), in µs
  process.send?.({ type: "probe", id: message.id, queries: globalThis[QUERIES] ?? 0, rss, heapUsed, heapTotal, external, cpuMicros: user + system });
});
