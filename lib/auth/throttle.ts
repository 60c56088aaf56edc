import "server-only";
import { db } from "@/lib/db";

/**
 * Login throttling stored in Postgres, so that every server instance sees the same counts (OWASP
 * Authentication Cheat Sheet: per-account and per-source limits). Keys are the submitted email (known or
 * not, so the lock itself reveals nothing) and the client IP.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 30,
};

export function throttleKeys(email: string, ip: string | null): { key: string; max: number }[] {
  const keys = [{ key: `acct:${email.toLowerCase()}`, max: THROTTLE.maxFailuresPerAccount }];
  if (ip) keys.push({ key: `ip:${ip}`, max: THROTTLE.maxFailuresPerIp });
  return keys;
}

export async function isThrottled(email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: throttleKeys(email, ip).map((k) => k.key) } },
    select: { lockedUntil: true },
  });
  return rows.some((r) => r.lockedUntil !== null && r.lockedUntil > now);
}

/** Counts one failure atomically (one upsert per key); locks a key when it reaches its maximum. */
export async function recordFailure(email: string, ip: string | null, now = new Date()): Promise<void> {
  const windowStartCutoff = new Date(now.getTime() - THROTTLE.windowMs);
  const lockedUntil = new Date(now.getTime() + THROTTLE.lockMs);
  for (const { key, max } of throttleKeys(email, ip)) {
    await db.$executeRaw`
      INSERT INTO login_throttles (key, failures, window_start, locked_until)
      VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${max} THEN ${lockedUntil}::timestamptz ELSE NULL END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttles.window_start < ${windowStartCutoff} THEN 1 ELSE login_throttles.failures + 1 END,
        window_start = CASE WHEN login_throttles.window_start < ${windowStartCutoff} THEN ${now} ELSE login_throttles.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN login_throttles.window_start < ${windowStartCutoff} THEN 1 ELSE login_throttles.failures + 1 END) >= ${max}
          THEN ${lockedUntil}::timestamptz ELSE login_throttles.locked_until END`;
  }
}

export async function clearAccountFailures(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `acct:${email.toLowerCase()}` } });
}
