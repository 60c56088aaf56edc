import "server-only";
import { db, type Tx } from "@/lib/db";
import { dbDate } from "@/lib/clinic";
import { DEFAULT_THRESHOLDS, type LabThresholds } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL, type MonitoringProtocol } from "@/lib/domain/monitoring/protocol";

/** The configuration version in force on a date (effective-dated), merged over the defaults. */
async function configInForce<T extends object>(kind: "MONITORING_PROTOCOL" | "LAB_THRESHOLDS", asOf: string, defaults: T, client: Tx = db): Promise<T> {
  const row = await client.clinicConfig.findFirst({ where: { kind, effectiveFrom: { lte: dbDate(asOf) } }, orderBy: [{ effectiveFrom: "desc" }, { version: "desc" }], select: { config: true } });
  return { ...defaults, ...((row?.config as Partial<T> | null) ?? {}) };
}

/** Pass the transaction when reading inside one, so a write never waits on a second pool connection. */
export const getProtocol = (asOf: string, client?: Tx) => configInForce<MonitoringProtocol>("MONITORING_PROTOCOL", asOf, DEFAULT_PROTOCOL, client);
export const getThresholds = (asOf: string) => configInForce<LabThresholds>("LAB_THRESHOLDS", asOf, DEFAULT_THRESHOLDS);
