import "server-only";
import { announcedCache } from "@/lib/announced-cache";

/**
 * The tables whose changes are announced on isotrack_counts (migrations 20270110010000_count_announcements and
 * 20270120000000_hl7_queue_count_announcements).
 */
export type CountedTable = "lab_results" | "monitoring_items" | "course_summaries" | "hl7_queue_entries";

/**
 * The dashboard's counts (results awaiting review, overdue items, courses in progress and near their
 * target) and the lab-review queue's count beside its link in the navigation, kept per process while it hears the database's announcements of changes to the table each one
 * reads, for COUNT_CACHE_MS (default 60 s in production, 0 = off, the default elsewhere). A count over a
 * clinic of 250,000 patients reads tens of thousands of index entries; the lists beside it read their page.
 * - any change to a table, by any instance, job or tool, drops the counts that read it;
 * - a successful server action drops every count of its own process at once (lib/actions/client.ts), so
 *   the page it renders or leads to never shows a count from before its own write;
 * - while the listening connection is down nothing is kept, and a read that began before an announcement
 *   is not kept either (lib/announced-cache.ts).
 */
const counts = announcedCache<unknown>({
  slot: "isotrackCountCache",
  channel: "isotrack_counts",
  applicationName: "isotrack-count-cache",
  ttlMs: () => Number(process.env.COUNT_CACHE_MS ?? (process.env.NODE_ENV === "production" ? 60_000 : 0)),
  maxEntries: 500,
  onAnnouncement: (payload, forget) => forget({ tag: payload }),
});

/** A count over `table`, named by `key` (every input it depends on), from this process's cache when it holds it. */
export async function cachedCount<T>(table: CountedTable, key: string, read: () => Promise<T>): Promise<T> {
  const name = `${table}:${key}`;
  const kept = counts.get(name);
  if (kept !== undefined) return kept as T;
  const generation = counts.generation();
  const value = await read();
  counts.remember(name, value, generation, table);
  return value;
}

/** Drops every count this process holds (after a write here; other processes hear the announcement). */
export const forgetCounts = (): void => counts.forget("all");

/** For tests: whether announcements are being received (the cache is in use). */
export const countCacheListening = (): boolean => counts.listening();
