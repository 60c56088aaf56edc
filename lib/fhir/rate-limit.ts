import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { db } from "@/lib/db";
import { queryRows } from "@/lib/data/query-rows";

/**
 * Calls per API client per minute, counted in PostgreSQL so that every server instance shares one count
 * (a fixed one-minute window on the client's row). `FHIR_RATE_LIMIT_PER_MINUTE` sets the limit; 300 by
 * default, enough for a system syncing a clinic's records patient by patient.
 */
export const RATE_LIMIT_PER_MINUTE = Math.max(1, Number.parseInt(process.env.FHIR_RATE_LIMIT_PER_MINUTE ?? "300", 10) || 300);

export type Quota = { ok: true } | { ok: false; limit: number; retryAfterSeconds: number };

export async function claimApiCall(clientId: string, now = new Date(), limit = RATE_LIMIT_PER_MINUTE): Promise<Quota> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  // One statement: the row lock orders concurrent calls, so a burst gets exactly `limit` calls.
  const [row] = await queryRows(
    db,
    z.object({ calls: z.number().int() }),
    Prisma.sql`
    UPDATE api_clients
    SET rate_window_start = ${windowStart},
        rate_window_calls = CASE WHEN rate_window_start = ${windowStart} THEN rate_window_calls + 1 ELSE 1 END
    WHERE id = ${clientId}::uuid
    RETURNING rate_window_calls AS calls`,
  );
  if (!row || row.calls <= limit) return { ok: true };
  return { ok: false, limit, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000)) };
}
