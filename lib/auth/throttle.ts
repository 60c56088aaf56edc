import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { dateColumn, queryRow } from "@/lib/data/query-rows";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Login throttling in PostgreSQL, shared by every server instance (OWASP Authentication Cheat Sheet).
 * Designed so that nobody can use it to shut a clinician out:
 * - per account and source address: a few password checks, then that pair is locked for a while;
 * - per source address: more checks across accounts, then that address is locked (password spraying);
 * - per account, whatever the address: no lock, a progressive delay between password checks once the
 *   failures pile up, capped, so an attack from many addresses slows the account but never closes it;
 *   an address the account has signed in from (in the last 90 days) is exempt from that delay, so an
 *   attacker keeping it running cannot keep the clinician out at their usual desk;
 * - an administrator can clear an account's counts at once (audited); an account that sees patient data, at
 *   most `maxUnlocksPerDay` times in 24 hours (lib/data/unlock-sign-in.ts).
 * Every attempt claims its checks before the password is verified, in one transaction with the rows
 * locked, so a parallel burst gets exactly the allowed number of password checks.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxChecksPerAccountAndIp: 5,
  maxChecksPerIp: 30,
  /** Checks per account in a window before the progressive delay starts. */
  freeChecksPerAccount: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 120_000,
  /** Rows idle this long are deleted. */
  purgeAfterMs: 24 * 60 * 60_000,
  /** An address an account signed in from stays known this long. */
  knownAddressMs: 90 * 24 * 60 * 60_000,
  /**
   * Administrators' unlocks of an account that sees patient data in any 24 hours. Each unlock lets a new burst of
   * guesses through, so unlimited unlocks would undo the throttle; the waits end by themselves, so a clinician
   * locked out more often waits at most `lockMs` (an hour after repeated wrong second-factor codes).
   */
  maxUnlocksPerDay: 3,
};

type Key = { key: string; kind: "pair" | "ip" | "account" };

export function throttleKeys(email: string, ip: string | null): Key[] {
  const account = email.trim().toLowerCase();
  const keys: Key[] = [{ key: `acct:${account}`, kind: "account" }];
  if (ip) keys.push({ key: `acctip:${account}|${ip}`, kind: "pair" }, { key: `ip:${ip}`, kind: "ip" });
  return keys.sort((a, b) => (a.key < b.key ? -1 : 1)); // one lock order for every caller
}

/** The delay before the next password check of an account that has had `checks` checks in the window. */
export function accountDelayMs(checks: number): number {
  if (checks < THROTTLE.freeChecksPerAccount) return 0;
  return Math.min(THROTTLE.maxDelayMs, THROTTLE.firstDelayMs * 2 ** (checks - THROTTLE.freeChecksPerAccount));
}

/** A throttle key's row as the claim reads it back. */
const throttleRow = z.object({ key: z.string(), failures: z.number().int(), window_start: dateColumn, locked_until: dateColumn.nullable() });

/**
 * Claims one password check for this account and address. Returns false, counting nothing, when a key
 * refuses it (a locked pair or address, or an account still inside its delay); otherwise counts the
 * check on every key (a successful login clears the account's counts afterwards).
 */
export async function claimPasswordCheck(email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const account = email.trim().toLowerCase();
  const known = ip
    ? (await db.loginThrottle.count({ where: { key: `known:${account}|${ip}`, windowStart: { gte: new Date(now.getTime() - THROTTLE.knownAddressMs) } } })) > 0
    : false;
  const keys = throttleKeys(email, ip).filter((k) => !(known && k.kind === "account"));
  return db.$transaction(async (tx) => {
    const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
    const rows: z.output<typeof throttleRow>[] = [];
    for (const { key } of keys)
      rows.push(
        await queryRow(
          tx,
          throttleRow,
          Prisma.sql`
          INSERT INTO login_throttles (key, failures, window_start) VALUES (${key}, 0, ${now})
          ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
          RETURNING key, failures, window_start, locked_until`,
        ),
      );
    const fresh = (r: (typeof rows)[number]) => (r.window_start < windowStart ? 0 : r.failures);
    if (rows.some((r) => r.locked_until !== null && r.locked_until > now)) return false;
    for (const [i, { key, kind }] of keys.entries()) {
      const checks = fresh(rows[i]!) + 1;
      const max = kind === "pair" ? THROTTLE.maxChecksPerAccountAndIp : kind === "ip" ? THROTTLE.maxChecksPerIp : Infinity;
      const lockedUntil =
        kind === "account"
          ? accountDelayMs(checks)
            ? new Date(now.getTime() + accountDelayMs(checks))
            : null
          : checks >= max
            ? new Date(now.getTime() + THROTTLE.lockMs)
            : null;
      const restart = rows[i]!.window_start < windowStart;
      await tx.$executeRaw`
        UPDATE login_throttles SET failures = ${checks}, window_start = ${restart ? now : rows[i]!.window_start}, locked_until = ${lockedUntil}
        WHERE key = ${key}`;
    }
    return true;
  });
}

/**
 * A successful login: the account's own counts (alone and with this address) start again, and the
 * address's claim is given back, so a clinic's many sign-ins behind one address never lock it.
 */
export async function clearAccountChecks(email: string, ip: string | null): Promise<void> {
  const account = email.trim().toLowerCase();
  await db.loginThrottle.deleteMany({ where: { key: { in: [`acct:${account}`, ...(ip ? [`acctip:${account}|${ip}`] : [])] } } });
  if (ip) {
    const now = new Date();
    await db.$executeRaw`
      INSERT INTO login_throttles (key, failures, window_start) VALUES (${`known:${account}|${ip}`}, 0, ${now})
      ON CONFLICT (key) DO UPDATE SET window_start = EXCLUDED.window_start`;
    await db.$executeRaw`
      UPDATE login_throttles SET failures = greatest(failures - 1, 0),
        locked_until = CASE WHEN failures - 1 < ${THROTTLE.maxChecksPerIp} THEN NULL ELSE locked_until END
      WHERE key = ${`ip:${ip}`}`;
  }
}

/**
 * Of these accounts (by email), those whose password checks are held now: locked with some address, or
 * inside the account's delay. The users page offers an unlock for them.
 */
export async function lockedAccounts(emails: readonly string[], now = new Date()): Promise<Set<string>> {
  const accounts = new Map(emails.map((e) => [e.trim().toLowerCase(), e]));
  const rows = await db.loginThrottle.findMany({
    where: { lockedUntil: { gt: now }, OR: [{ key: { startsWith: "acct:" } }, { key: { startsWith: "acctip:" } }] },
    select: { key: true },
  });
  const locked = new Set<string>();
  for (const { key } of rows) {
    const account = key.startsWith("acct:") ? key.slice("acct:".length) : key.slice("acctip:".length, key.lastIndexOf("|"));
    const email = accounts.get(account);
    if (email !== undefined) locked.add(email);
  }
  return locked;
}

/** An administrator's unlock: every count of the account, from every address. Returns the rows cleared. */
export async function unlockAccount(email: string, client: Pick<typeof db, "loginThrottle"> = db): Promise<number> {
  const account = email.trim().toLowerCase();
  const { count } = await client.loginThrottle.deleteMany({ where: { OR: [{ key: `acct:${account}` }, { key: { startsWith: `acctip:${account}|` } }] } });
  return count;
}

/** Deletes rows whose window and lock are long over. */
export async function purgeExpiredThrottles(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - THROTTLE.purgeAfterMs);
  const { count } = await db.loginThrottle.deleteMany({
    where: { windowStart: { lt: before }, NOT: { key: { startsWith: "known:" } }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
  const known = await db.loginThrottle.deleteMany({
    where: { key: { startsWith: "known:" }, windowStart: { lt: new Date(now.getTime() - THROTTLE.knownAddressMs) } },
  });
  return count + known.count;
}
