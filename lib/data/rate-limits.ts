import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { db } from "@/lib/db";
import type { TokenKind } from "@/lib/validation/token-approval";
import { queryRows } from "./query-rows";

/**
 * Calls per system token per minute (an API client's FHIR calls, a lab interface's HL7 messages), counted in
 * PostgreSQL so that every server instance shares one count: a fixed one-minute window on the token's row.
 */
export type Quota = { ok: true } | { ok: false; limit: number; retryAfterSeconds: number; /** The first refusal of its minute. */ first: boolean };

const TABLES: Record<TokenKind, Prisma.Sql> = { API_CLIENT: Prisma.raw("api_clients"), LAB_INTERFACE: Prisma.raw("hl7_interfaces") };

/** A per-minute limit from the environment: a positive whole number, else the default. */
export function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  return raw && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : fallback;
}

/** Counts one call of the token's row; past `limit` in this minute, refused with the seconds left in it. */
export async function claimCall(kind: TokenKind, id: string, limit: number, now = new Date()): Promise<Quota> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  // One statement: the row lock orders concurrent calls, so a burst gets exactly `limit` calls.
  const [row] = await queryRows(
    db,
    z.object({ calls: z.number().int() }),
    Prisma.sql`
    UPDATE ${TABLES[kind]}
    SET rate_window_start = ${windowStart},
        rate_window_calls = CASE WHEN rate_window_start = ${windowStart} THEN rate_window_calls + 1 ELSE 1 END
    WHERE id = ${id}::uuid
    RETURNING rate_window_calls AS calls`,
  );
  if (!row || row.calls <= limit) return { ok: true };
  return {
    ok: false,
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000)),
    first: row.calls === limit + 1,
  };
}
