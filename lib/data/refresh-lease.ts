import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { formatInstant } from "@/lib/clinic-time";
import type { Tx } from "@/lib/db";
import { queryRows } from "./query-rows";
import type { BatchGuard } from "./recompute-derived";

/**
 * The daily refresh's lease (the running_* columns of daily_refreshes): one run writes at a time. A run claims
 * it under a token of its own, and each of its batches, in the transaction of its writes, first checks that
 * the run still holds it, then renews it as its last statement (leaseGuard, run by inBatches in
 * lib/data/recompute-derived.ts). A batch therefore commits only while its run holds the lease, and no
 * other run takes the lease between that renewal and the commit: the renewal holds the row until then.
 *
 * A lease not renewed for LEASE_LAPSE_SECONDS has lapsed: its run's process ended (or it stalled). Another
 * run may then take it over; the stalled run, should it go on, stops at its next batch (RefreshTakenOver)
 * without writing it, and its release leaves the new holder's lease alone.
 */

/**
 * Two minutes. Longer than any stretch of a live run without a renewal: at most one batch, whose transaction
 * Prisma ends after 60 seconds (BATCH_TRANSACTION), and before it the query selecting the pass's patients
 * (seconds at 250,000 patients). Short enough that when a run's process is killed, the figures are minutes
 * late, not an hour (lib/jobs/stalled-refresh.ts fails its job once the lease has lapsed).
 */
export const LEASE_LAPSE_SECONDS = 120;

/** The lease is held and not lapsed, in SQL, on the daily_refreshes row. */
export const leaseLiveSql = Prisma.sql`(running_token IS NOT NULL AND running_renewed_at >= now() - make_interval(secs => ${LEASE_LAPSE_SECONDS}))`;

const at = (instant: Date) => formatInstant(instant);

/**
 * Another run holds a live lease: the job fails with this and pg-boss retries it after 1, 2, 4… minutes, so the
 * figures are brought up to date once that run has ended or its lease lapsed, not at the next hourly run.
 */
export class RefreshUnderWay extends Error {
  constructor(since: Date, renewedAt: Date) {
    super(
      `Another run of the daily refresh has held it since ${at(since)}, its lease renewed at ${at(renewedAt)}: this one is retried until that run ends or its lease lapses (${LEASE_LAPSE_SECONDS / 60} minutes without a batch).`,
    );
    this.name = "RefreshUnderWay";
  }
}

/** This run's lease lapsed and another run took it over: this run stopped without writing its batch. */
export class RefreshTakenOver extends Error {
  constructor(takenAt: Date | null) {
    super(
      `This run of the daily refresh stopped before its next batch: another run took it over${takenAt ? ` at ${at(takenAt)}` : ""}, after this one's lease had gone ${LEASE_LAPSE_SECONDS / 60} minutes without a batch. That run brings the figures up to date.`,
    );
    this.name = "RefreshTakenOver";
  }
}

export interface RefreshLease {
  token: string;
  /** The lapsed run this one took the lease from, for the job's summary; null when the lease was free. */
  tookOver: string | null;
}

const leaseRow = z.object({ token: z.string().nullable(), since: z.date().nullable(), renewed_at: z.date().nullable(), lapsed: z.boolean() });

/** The lease as stored (token null: free), and whether it has lapsed; `forUpdate`: locked until the transaction ends. */
export async function readLease(client: Tx | PrismaClient, forUpdate = false): Promise<z.infer<typeof leaseRow> | undefined> {
  const [row] = await queryRows(
    client,
    leaseRow,
    Prisma.sql`
    SELECT running_token::text AS token, running_since AS since, running_renewed_at AS renewed_at, NOT COALESCE(${leaseLiveSql}, false) AS lapsed
    FROM daily_refreshes WHERE id = 1 ${forUpdate ? Prisma.sql`FOR UPDATE` : Prisma.empty}`,
  );
  return row;
}

/** Claims the lease for a run bringing the data up to `asOf`. Throws RefreshUnderWay while another run's lease is live. */
export async function claimLease(client: PrismaClient, asOf: string): Promise<RefreshLease> {
  const token = randomUUID();
  return client.$transaction(async (tx) => {
    // '-infinity': no refresh has completed yet (lib/data/daily-refresh.ts reads it as none).
    await tx.$executeRaw`INSERT INTO daily_refreshes (id, as_of, refreshed_at) VALUES (1, '-infinity', now()) ON CONFLICT (id) DO NOTHING`;
    const held = await readLease(tx, true);
    if (held?.token && !held.lapsed) throw new RefreshUnderWay(held.since!, held.renewed_at!);
    await tx.$executeRaw`
      UPDATE daily_refreshes SET running_as_of = ${asOf}::date, running_token = ${token}::uuid, running_since = now(), running_renewed_at = now()
      WHERE id = 1`;
    return { token, tookOver: held?.token ? `a run begun ${at(held.since!)}, last renewed ${at(held.renewed_at!)}` : null };
  });
}

/** The error for a run that no longer holds the lease: when the run holding it now took it, if one does. */
async function takenOver(tx: Tx): Promise<RefreshTakenOver> {
  const [row] = await queryRows(tx, z.object({ since: z.date().nullable() }), Prisma.sql`SELECT running_since AS since FROM daily_refreshes WHERE id = 1`);
  return new RefreshTakenOver(row?.since ?? null);
}

/** What each batch of a run does in its transaction: checks the lease before its writes, renews it after them. */
export function leaseGuard(token: string): BatchGuard {
  return {
    before: async (tx) => {
      const rows = await queryRows(
        tx,
        z.object({ id: z.number() }),
        Prisma.sql`SELECT id FROM daily_refreshes WHERE id = 1 AND running_token = ${token}::uuid`,
      );
      if (rows.length === 0) throw await takenOver(tx);
    },
    // The batch's own time of commit, not its transaction's start (now()): a long batch renews for its full lapse.
    after: async (tx) => {
      const renewed = await tx.$executeRaw`UPDATE daily_refreshes SET running_renewed_at = clock_timestamp() WHERE id = 1 AND running_token = ${token}::uuid`;
      if (renewed === 0) throw await takenOver(tx);
    },
  };
}
