import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionCacheListening } from "@/lib/auth/session-cache";
import { createSession, loadSession, revokeSession } from "@/lib/auth/sessions";
import { makeUser, testDb, until } from "./helpers";

/**
 * The per-process session cache: a live session is read once and then served from memory, and every change
 * that ends a session or changes what it grants reaches the cache, from this process at once and from any
 * other (a second instance, a tool) through the database's announcements. Without them, nothing is cached.
 */
beforeAll(() => {
  vi.stubEnv("SESSION_CACHE_MS", "600000");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

async function liveSession() {
  const db = testDb();
  const user = await makeUser("NURSE");
  const id = await db.$transaction((tx) => createSession(tx, user.id, "ACTIVE"));
  await loadSession(id); // starts the listener
  await until(sessionCacheListening, "the cache listens");
  expect(await loadSession(id)).toMatchObject({ id, user: { id: user.id, role: "NURSE" } });
  return { db, user, id };
}

/** Moves the row's last-seen time past the idle timeout without an announcement: only a fresh read sees it. */
const idleInDatabase = (id: string) =>
  testDb().$executeRaw`UPDATE user_sessions SET last_seen_at = ${new Date(Date.now() - 2 * 3600_000)} WHERE id = ${id}::uuid`;

describe("session cache", () => {
  it("serves a live session from memory once read", async () => {
    const { id } = await liveSession();
    await idleInDatabase(id);
    expect(await loadSession(id)).toMatchObject({ id });
    // A read from the database sees the idle timeout (with the cache off).
    vi.stubEnv("SESSION_CACHE_MS", "0");
    expect(await loadSession(id)).toBeNull();
    vi.stubEnv("SESSION_CACHE_MS", "600000");
  });

  it("drops a session revoked in this process at once", async () => {
    const { db, id } = await liveSession();
    await db.$transaction((tx) => revokeSession(tx, id, "sign_out"));
    expect(await loadSession(id)).toBeNull();
  });

  it("drops a session revoked, or a user changed, elsewhere once the database announces it", async () => {
    const { db, id } = await liveSession();
    await db.$executeRaw`UPDATE user_sessions SET revoked_at = now(), revoked_why = 'elsewhere' WHERE id = ${id}::uuid`;
    await until(async () => (await loadSession(id)) === null, "the revocation reaches the cache");

    const other = await liveSession();
    await db.$executeRaw`UPDATE users SET role = 'STAFF' WHERE id = ${other.user.id}::uuid`;
    await until(async () => (await loadSession(other.id))?.user.role === "STAFF", "the role change reaches the cache");
  });

  it("caches nothing while it cannot hear the announcements", async () => {
    const { db, id } = await liveSession();
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'isotrack-session-cache' AND datname = current_database()`;
    await until(() => !sessionCacheListening(), "the cache notices the lost connection");
    await idleInDatabase(id);
    expect(await loadSession(id)).toBeNull();
  });
});
