import "server-only";
import type { SessionStage } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import type { Role } from "./permissions";
import { cachedSession, forgetSessions, rememberSession, sessionCacheGeneration } from "./session-cache";

/** Idle timeout: a session not used for this long has ended. Each request moves it on. */
export const IDLE_TIMEOUT_S = 30 * 60;
/** Absolute timeout: a session ends this long after sign-in, whatever the activity. */
export const ABSOLUTE_TIMEOUT_S = 12 * 60 * 60;
/** How often the last-seen time is written: at most once a minute per session. */
const TOUCH_EVERY_MS = 60_000;
/** Wrong second-factor codes before the sign-in is revoked (the password check is throttled on its own). */
export const MAX_MFA_FAILURES = 5;

/** A session id as the database issues it (a token carrying anything else names no session). */
export const isSessionId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
/** Ended sessions are kept this long (the audit trail names them by id), then deleted. */
const KEEP_ENDED_MS = 30 * 24 * 3600_000;

export type SessionUser = { id: string; name: string; email: string; role: Role; mfaEnrolled: boolean };
export type LiveSession = { id: string; stage: SessionStage; user: SessionUser };

export async function createSession(tx: Tx, userId: string, stage: SessionStage, now = new Date()): Promise<string> {
  const row = await tx.userSession.create({
    data: { userId, stage, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_S * 1000) },
    select: { id: true },
  });
  return row.id;
}

/**
 * The session a token names, if it is still live: not revoked, not past its absolute end, used within the
 * idle timeout, its user enabled. A live session's last-seen time moves on (the idle timeout slides).
 */
export async function loadSession(sessionId: string, now = new Date()): Promise<LiveSession | null> {
  if (!isSessionId(sessionId)) return null;
  const cached = cachedSession<CachedSession>(sessionId, now.getTime());
  if (cached) return liveOrNull(cached, now);
  const generation = sessionCacheGeneration();
  const row = await db.userSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      stage: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, name: true, email: true, role: true, disabled: true, totpEnabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  const { disabled: _disabled, totpEnabledAt, ...user } = row.user;
  const session: CachedSession = {
    id: row.id,
    stage: row.stage,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    user: { ...user, mfaEnrolled: totpEnabledAt !== null },
  };
  // Only complete sign-ins are kept: a sign-in waiting at its second step changes stage within seconds.
  if (row.stage === "ACTIVE") rememberSession(sessionId, user.id, session, generation, now.getTime());
  return liveOrNull(session, now);
}

type CachedSession = LiveSession & { lastSeenAt: Date; expiresAt: Date };

/** The timeouts, checked on every request, cached or not; a live session's last-seen time moves on when due. */
async function liveOrNull(session: CachedSession, now: Date): Promise<LiveSession | null> {
  if (now >= session.expiresAt || now.getTime() - session.lastSeenAt.getTime() >= IDLE_TIMEOUT_S * 1000) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    // Conditional, so concurrent requests write once and a revocation in between is not undone.
    const previous = session.lastSeenAt;
    session.lastSeenAt = now;
    await db.userSession.updateMany({ where: { id: session.id, revokedAt: null, lastSeenAt: previous }, data: { lastSeenAt: now } });
  }
  return { id: session.id, stage: session.stage, user: session.user };
}

export async function revokeSession(tx: Tx, sessionId: string, why: string, now = new Date()): Promise<boolean> {
  const { count } = await tx.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedWhy: why } });
  forgetSessions({ sessionId });
  return count === 1;
}

/**
 * Completes a sign-in at its second step under a new session id: the waiting row is revoked ("rotated")
 * and a live one takes its place, keeping the sign-in's absolute end. A token copied while the sign-in
 * waited for its code never becomes a signed-in session. Null when the waiting row has ended.
 */
export async function rotateSession(tx: Tx, sessionId: string, now = new Date()): Promise<string | null> {
  const waiting = await tx.userSession.findUnique({ where: { id: sessionId }, select: { userId: true, createdAt: true, expiresAt: true, revokedAt: true } });
  if (!waiting || waiting.revokedAt) return null;
  if (!(await revokeSession(tx, sessionId, "rotated", now))) return null;
  const row = await tx.userSession.create({
    data: { userId: waiting.userId, stage: "ACTIVE", createdAt: waiting.createdAt, lastSeenAt: now, expiresAt: waiting.expiresAt, rotatedFromId: sessionId },
    select: { id: true },
  });
  return row.id;
}

/**
 * Claims the move of a token from the sign-in `previous` began to the live session `next` that completed
 * it: true once, for that pair only. A copy of the waiting token that learns the new id later gets nothing.
 */
export async function claimRotation(next: string, previous: string, now = new Date()): Promise<boolean> {
  if (!isSessionId(next) || !isSessionId(previous)) return false;
  const { count } = await db.userSession.updateMany({
    where: { id: next, rotatedFromId: previous, revokedAt: null, rotationClaimedAt: null },
    data: { rotationClaimedAt: now },
  });
  return count === 1;
}

/** Ends every open session of a user (optionally but one: the session making a change keeps going). */
export async function revokeUserSessions(tx: Tx, userId: string, why: string, exceptSessionId?: string, now = new Date()): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: now, revokedWhy: why },
  });
  // Every session of the user, the one kept too: what it grants may have changed (role, second factor).
  forgetSessions({ userId });
  return count;
}

/** Deletes session rows that ended (revoked or past their absolute end) more than 30 days ago. */
export async function purgeEndedSessions(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - KEEP_ENDED_MS);
  const { count } = await db.userSession.deleteMany({ where: { OR: [{ revokedAt: { lt: before } }, { expiresAt: { lt: before } }] } });
  return count;
}
