import { queryCount } from "@/lib/db";

/**
 * Benchmark probe: the process's query count and memory. Exists only when the server is started with
 * ISOTRACK_BENCH=1 (npm run bench); otherwise it is a 404. It carries no patient data.
 */
export async function GET() {
  if (process.env.ISOTRACK_BENCH !== "1") return new Response("Not found", { status: 404 });
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return Response.json({ queries: queryCount(), rss, heapUsed, heapTotal, external });
}
