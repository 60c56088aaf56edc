import { inject, vi } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { CLINIC_TIME_ZONE, installClinicClock } from "./clock";

// One clock for the tests and the code under test: today is TODAY (tests/integration/clock.ts) in this zone.
process.env.CLINIC_TIME_ZONE = CLINIC_TIME_ZONE;
installClinicClock();

// Every integration test talks to the run's own real database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret";
process.env.AUDIT_HMAC_KEY ??= "integration-test-audit-key-0123456789abcdef";
process.env.AUDIT_CHECKPOINT_DIR = inject("checkpointDir");

/**
 * The one substitution: the token. lib/auth/session-token.ts reads it from the request's cookie, which does
 * not exist outside a request, so tests choose whose it is. It names a real session row (opened on first use,
 * as a completed sign-in would); everything behind it (the row's stage, revocation and timeouts, the user's
 * role and disabled flag) is read from the real database by lib/auth/session.ts.
 */
export const sessionState: { current: null | { userId: string; sid?: string } } = { current: null };

let sessionClient: ReturnType<typeof createPrismaClient> | null = null;

/**
 * The request's cookie names the identity current when the request began (its headers are read at once, as a
 * real request carries its cookie), so an action started as one user and awaited after actAs(another) is still
 * the first user's.
 */
const identities = new Map<number, { userId: string; sid?: string }>();
const identityIds = new WeakMap<object, number>();
function sessionCookie(): string {
  const current = sessionState.current;
  if (!current) return "";
  let id = identityIds.get(current);
  if (id === undefined) {
    id = identities.size + 1;
    identityIds.set(current, id);
    identities.set(id, current);
  }
  return `isotrack-test-identity=${id}`;
}

vi.mock("@/lib/auth/session-token", () => ({
  readSessionToken: async (requestHeaders: Pick<Headers, "get">) => {
    const named = /isotrack-test-identity=(\d+)/.exec(requestHeaders.get("cookie") ?? "");
    const current = named ? identities.get(Number(named[1])) : undefined;
    if (!current) return null;
    if (!current.sid) {
      sessionClient ??= createPrismaClient(process.env.DATABASE_URL);
      const now = new Date();
      const row = await sessionClient.userSession.create({
        data: { userId: current.userId, stage: "ACTIVE", createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 12 * 3600_000) },
      });
      current.sid = row.id;
    }
    return { sid: current.sid };
  },
}));

vi.mock("@/lib/auth/config", () => ({
  signIn: async () => undefined,
  signOut: async () => undefined,
  // The second step of a sign-in moves the token to the session it completed (the real check of that
  // link, lib/auth/sessions.ts isRotationOf, is tested on its own).
  unstable_update: async (data: { rotatedSid?: string }) => {
    if (!sessionState.current || !data.rotatedSid) return null;
    sessionState.current.sid = data.rotatedSid;
    return { sid: data.rotatedSid };
  },
}));

// The request's headers as the production server sets them (the client address from the socket).
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-isotrack-client-ip": "198.51.100.20", cookie: sessionCookie() }) }));

vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
