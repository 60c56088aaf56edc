import "server-only";
import { claimCall, limitFromEnv, type Quota } from "@/lib/data/rate-limits";

/**
 * Calls per API client per minute, counted in PostgreSQL so that every server instance shares one count
 * (lib/data/rate-limits.ts). `FHIR_RATE_LIMIT_PER_MINUTE` sets the limit; 300 by default, enough for a
 * system syncing a clinic's records patient by patient.
 */
export const RATE_LIMIT_PER_MINUTE = limitFromEnv("FHIR_RATE_LIMIT_PER_MINUTE", 300);

export function claimApiCall(clientId: string, now = new Date(), limit = RATE_LIMIT_PER_MINUTE): Promise<Quota> {
  return claimCall("API_CLIENT", clientId, limit, now);
}
