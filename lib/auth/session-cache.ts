import "server-only";
import pg from "pg";
import { log } from "@/lib/log";

/**
 * A per-process cache of live, complete sessions (stage ACTIVE), for a few seconds, so that a page does
 * not read the session row on every request. It is only used while this process listens to the
 * database's announcements of session and user changes (migration 20261128000000: triggers on
 * user_sessions and users call pg_notify), whichever instance or tool made them:
 * - a revocation, a stage change, a role change, disabling, a second factor set up or removed drops the
 *   entries at once (by session, or every session of the user);
 * - this process's own revocations drop them synchronously as well (lib/auth/sessions.ts);
 * - while the listening connection is down, nothing is cached and every request reads the row;
 * - a read that began before an announcement is not cached (a generation count), and every entry lapses
 *   after SESSION_CACHE_MS (default 5 s in production, 0 = off, the default elsewhere).
 */
const ttlMs = () => Number(process.env.SESSION_CACHE_MS ?? (process.env.NODE_ENV === "production" ? 5_000 : 0));
const MAX_ENTRIES = 10_000;
const CHANNEL = "isotrack_sessions";

interface Entry<T> {
  value: T;
  userId: string;
  at: number;
}

interface CacheState {
  entries: Map<string, Entry<unknown>>;
  /** Moves on at every announcement and every loss of the listener. */
  generation: number;
  listener: "down" | "starting" | "up";
  client?: pg.Client;
}

const state = globalThis as unknown as { isotrackSessionCache?: CacheState };
const cache: CacheState = (state.isotrackSessionCache ??= { entries: new Map(), generation: 0, listener: "down" });

/** Drops one session, or every session of a user; any read in flight is not cached either. */
export function forgetSessions(target: { sessionId: string } | { userId: string }): void {
  cache.generation++;
  if ("sessionId" in target) cache.entries.delete(target.sessionId);
  else for (const [id, e] of cache.entries) if (e.userId === target.userId) cache.entries.delete(id);
}

function listen(): void {
  if (cache.listener !== "down" || ttlMs() <= 0 || !process.env.DATABASE_URL) return;
  cache.listener = "starting";
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "isotrack-session-cache" });
  cache.client = client;
  const down = (error?: Error) => {
    if (cache.client !== client) return; // already replaced
    cache.listener = "down";
    cache.client = undefined;
    cache.entries.clear();
    cache.generation++;
    if (error) log.warn({ error: error.message }, "session cache off: lost the database's announcements");
    client.end().catch(() => {});
  };
  client.on("notification", (n) => {
    const payload = n.payload ?? "";
    forgetSessions(payload.startsWith("user:") ? { userId: payload.slice(5) } : { sessionId: payload });
  });
  client.on("error", down);
  client.on("end", () => down());
  client
    .connect()
    .then(() => client.query(`LISTEN ${CHANNEL}`))
    .then(() => {
      if (cache.client === client) cache.listener = "up";
    })
    .catch(down);
}

/** The generation to pass to rememberSession: take it before reading the row. */
export function sessionCacheGeneration(): number {
  listen();
  return cache.generation;
}

export function cachedSession<T>(sessionId: string, now = Date.now()): T | undefined {
  if (cache.listener !== "up") return undefined;
  const entry = cache.entries.get(sessionId);
  if (!entry) return undefined;
  if (now - entry.at >= ttlMs()) {
    cache.entries.delete(sessionId);
    return undefined;
  }
  return entry.value as T;
}

/** Keeps a live session read from the database, unless something changed since the read began. */
export function rememberSession<T>(sessionId: string, userId: string, value: T, generation: number, now = Date.now()): void {
  if (cache.listener !== "up" || generation !== cache.generation) return;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  cache.entries.set(sessionId, { value, userId, at: now });
}

/** For tests: whether announcements are being received (the cache is in use). */
export function sessionCacheListening(): boolean {
  return cache.listener === "up";
}
