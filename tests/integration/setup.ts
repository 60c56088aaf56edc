import { inject, vi } from "vitest";
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
 * The one substitution: who is signed in. Auth.js reads the session from a request cookie that does not
 * exist outside a request, so tests choose the session; everything behind it (the user row, its role,
 * disabled flag and session version) is read from the real database by lib/auth/session.ts.
 */
export const sessionState: { current: null | { userId: string; sv: number; loginAt: number } } = { current: null };

vi.mock("@/lib/auth/config", () => ({
  auth: async () => sessionState.current,
  signIn: async () => undefined,
  signOut: async () => undefined,
  ABSOLUTE_TIMEOUT_S: 12 * 3600,
  IDLE_TIMEOUT_S: 1800,
}));

vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
