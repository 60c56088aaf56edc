import "server-only";
import { announcedCache } from "@/lib/announced-cache";

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
const sessions = announcedCache<unknown>({
  slot: "isotrackSessionCache",
  channel: "isotrack_sessions",
  applicationName: "isotrack-session-cache",
  ttlMs: () => Number(process.env.SESSION_CACHE_MS ?? (process.env.NODE_ENV === "production" ? 5_000 : 0)),
  maxEntries: 10_000,
  onAnnouncement: (payload, forget) => forget(payload.startsWith("user:") ? { tag: payload.slice(5) } : { key: payload }),
});

/** Drops one session, or every session of a user; any read in flight is not cached either. */
export function forgetSessions(target: { sessionId: string } | { userId: string }): void {
  sessions.forget("sessionId" in target ? { key: target.sessionId } : { tag: target.userId });
}

/** The generation to pass to rememberSession: take it before reading the row. */
export const sessionCacheGeneration = (): number => sessions.generation();

export const cachedSession = <T>(sessionId: string, now = Date.now()): T | undefined => sessions.get(sessionId, now) as T | undefined;

/** Keeps a live session read from the database, unless something changed since the read began. */
export function rememberSession<T>(sessionId: string, userId: string, value: T, generation: number, now = Date.now()): void {
  sessions.remember(sessionId, value, generation, userId, now);
}

/** For tests: whether announcements are being received (the cache is in use). */
export const sessionCacheListening = (): boolean => sessions.listening();
