import "server-only";
import pg from "pg";
import { log } from "@/lib/log";

/**
 * A per-process cache whose entries stay only while the process hears the database's announcements
 * (LISTEN on one channel; triggers call pg_notify on every change that matters), whichever instance or
 * tool made the change:
 * - an announcement drops what it names (the `onAnnouncement` callback decides);
 * - while the listening connection is down, nothing is cached and every read goes to the database;
 * - a read that began before an announcement is not kept (a generation count taken before the read);
 * - every entry lapses after `ttlMs()` (0, or anything but a positive number of milliseconds, such as a
 *   mistyped setting: off).
 */
export interface AnnouncedCache<T> {
  /** The generation to pass to `remember`: take it before reading from the database. Starts listening. */
  generation(): number;
  get(key: string, now?: number): T | undefined;
  /** Keeps a value read from the database, unless something was announced since the read began. */
  remember(key: string, value: T, generation: number, tag?: string, now?: number): void;
  /** Drops one entry, every entry with a tag, or everything; a read in flight is not kept either. */
  forget(target: { key: string } | { tag: string } | "all"): void;
  /** Whether announcements are being received (the cache is in use). */
  listening(): boolean;
}

interface Options {
  /** A process-wide slot name, so a dev server's reloads share one cache and one connection. */
  slot: string;
  channel: string;
  /** The name the listening connection shows in pg_stat_activity. */
  applicationName: string;
  ttlMs: () => number;
  maxEntries: number;
  onAnnouncement: (payload: string, forget: AnnouncedCache<unknown>["forget"]) => void;
}

interface State {
  entries: Map<string, { value: unknown; tag?: string; at: number }>;
  generation: number;
  listener: "down" | "starting" | "up";
  client?: pg.Client;
}

export function announcedCache<T>(options: Options): AnnouncedCache<T> {
  const slots = globalThis as unknown as Record<string, State | undefined>;
  const state: State = (slots[options.slot] ??= { entries: new Map(), generation: 0, listener: "down" });

  const ttl = () => {
    const ms = options.ttlMs();
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  };

  const forget: AnnouncedCache<unknown>["forget"] = (target) => {
    state.generation++;
    if (target === "all") state.entries.clear();
    else if ("key" in target) state.entries.delete(target.key);
    else for (const [key, e] of state.entries) if (e.tag === target.tag) state.entries.delete(key);
  };

  function listen(): void {
    if (state.listener !== "down" || ttl() === 0 || !process.env.DATABASE_URL) return;
    state.listener = "starting";
    // keepAlive: a connection dropped without a word is noticed, and the cache turns off with it.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: options.applicationName, keepAlive: true });
    state.client = client;
    const down = (error?: Error) => {
      if (state.client !== client) return; // already replaced
      state.listener = "down";
      state.client = undefined;
      forget("all");
      if (error) log.warn({ error: error.message, channel: options.channel }, "cache off: lost the database's announcements");
      client.end().catch(() => {});
    };
    client.on("notification", (n) => options.onAnnouncement(n.payload ?? "", forget));
    client.on("error", down);
    client.on("end", () => down());
    client
      .connect()
      .then(() => client.query(`LISTEN ${options.channel}`))
      .then(() => {
        // A cache never keeps a process alive: a script that read the settings still exits when done.
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
        if (state.client !== client) return;
        state.listener = "up";
        // A read that began while the listener was starting may predate a change announced before LISTEN took effect.
        state.generation++;
      })
      .catch(down);
  }

  return {
    generation() {
      listen();
      return state.generation;
    },
    get(key, now = Date.now()) {
      if (state.listener !== "up") return undefined;
      const entry = state.entries.get(key);
      if (!entry) return undefined;
      if (now - entry.at >= ttl()) {
        state.entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    remember(key, value, generation, tag, now = Date.now()) {
      if (state.listener !== "up" || generation !== state.generation) return;
      if (state.entries.size >= options.maxEntries) state.entries.delete(state.entries.keys().next().value!);
      state.entries.set(key, { value, tag, at: now });
    },
    forget,
    listening: () => state.listener === "up",
  };
}
