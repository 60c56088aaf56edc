import "server-only";
import { db, type Tx } from "@/lib/db";
import { dbDate } from "@/lib/clinic";
import type { DosingSettings } from "@/lib/domain/dosing/settings";
import type { LabThresholds } from "@/lib/domain/monitoring/flags";
import type { MonitoringProtocol } from "@/lib/domain/monitoring/protocol";
import type { PregnancySettings } from "@/lib/domain/pregnancy";
import { SETTINGS, type SettingsKind } from "@/lib/validation/settings";

/**
 * The configuration version in force on a date (effective-dated; the latest version wins on the same
 * day), merged over the cited defaults and checked against its schema: a version that fails it is an
 * error, never silently replaced.
 */
async function configInForce<T>(kind: SettingsKind, asOf: string, client: Tx = db): Promise<T> {
  const row = await client.clinicConfig.findFirst({
    where: { kind, effectiveFrom: { lte: dbDate(asOf) } },
    orderBy: [{ effectiveFrom: "desc" }, { version: "desc" }],
    select: { config: true, version: true },
  });
  const { schema, defaults } = SETTINGS[kind];
  const parsed = schema.safeParse({ ...defaults, ...((row?.config as object | null) ?? {}) });
  if (!parsed.success) throw new Error(`clinic_configs ${kind} version ${row?.version} is not valid`);
  return parsed.data as T;
}

/** Pass the transaction when reading inside one, so a write never waits on a second pool connection. */
export const getProtocol = (asOf: string, client?: Tx) => configInForce<MonitoringProtocol>("MONITORING_PROTOCOL", asOf, client);
export const getThresholds = (asOf: string) => configInForce<LabThresholds>("LAB_THRESHOLDS", asOf);
export const getDosingSettings = (asOf: string, client?: Tx) => configInForce<DosingSettings>("DOSING", asOf, client);
export const getPregnancySettings = (asOf: string, client?: Tx) => configInForce<PregnancySettings>("PREGNANCY_PREVENTION", asOf, client);
