import "server-only";
import { db, type Tx } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { announcedCache } from "@/lib/announced-cache";
import { isoFromDb } from "@/lib/clinic";
import { versionInForce } from "@/lib/domain/dates";
import type { DosingSettings } from "@/lib/domain/dosing/settings";
import type { LabThresholds } from "@/lib/domain/monitoring/flags";
import { protocolResolver, type MonitoringProtocol, type ProtocolOn } from "@/lib/domain/monitoring/protocol";
import type { PregnancySettings } from "@/lib/domain/pregnancy";
import { SETTINGS, type SettingsKind } from "@/lib/validation/settings";

export interface ConfigVersion {
  kind: SettingsKind;
  version: number;
  effectiveFrom: string;
  config: unknown;
}

/**
 * Every saved settings version (a few rows per kind), kept per process while it hears the database's
 * announcements of changes to clinic_configs (migration 20261213000000), for CONFIG_CACHE_MS (default
 * 60 s in production, 0 = off, the default elsewhere). Pages read the settings several times per request;
 * writes pass their transaction and always read the table.
 */
const versions = announcedCache<ConfigVersion[]>({
  slot: "isotrackConfigCache",
  channel: "isotrack_config",
  applicationName: "isotrack-config-cache",
  ttlMs: () => Number(process.env.CONFIG_CACHE_MS ?? (process.env.NODE_ENV === "production" ? 60_000 : 0)),
  maxEntries: 1,
  onAnnouncement: (_payload, forget) => forget("all"),
});

async function readVersions(client: Tx | PrismaClient, kind?: SettingsKind): Promise<ConfigVersion[]> {
  const rows = await client.clinicConfig.findMany({
    where: kind ? { kind } : {},
    orderBy: [{ effectiveFrom: "asc" }, { version: "asc" }],
    select: { kind: true, version: true, effectiveFrom: true, config: true },
  });
  return rows.map((r) => ({ ...r, effectiveFrom: isoFromDb(r.effectiveFrom) }));
}

/**
 * One kind's versions, oldest first (by effective date, then version). Without a client: from this
 * process's cache when it is in use. With one (a transaction, a background job): read from it.
 */
export async function configVersions(kind: SettingsKind, client?: Tx | PrismaClient): Promise<ConfigVersion[]> {
  if (client) return readVersions(client, kind);
  let all = versions.get("all");
  if (!all) {
    const generation = versions.generation();
    all = await readVersions(db);
    versions.remember("all", all, generation);
  }
  return all.filter((v) => v.kind === kind);
}

/** Drops this process's cached versions at once (a save here; other processes hear the announcement). */
export const forgetConfigVersions = (): void => versions.forget("all");

/** For tests: whether the cache hears announcements (is in use). */
export const configCacheListening = (): boolean => versions.listening();

/**
 * A version's settings merged over the cited defaults and checked against the schema of stored versions (a
 * version saved before a rule between fields was added still reads): never silently replaced.
 */
export function parseConfig<T>(kind: SettingsKind, version: ConfigVersion | undefined): T {
  const { stored: schema, defaults } = SETTINGS[kind];
  const parsed = schema.safeParse({ ...defaults, ...((version?.config as object | null) ?? {}) });
  if (!parsed.success) throw new Error(`clinic_configs ${kind} version ${version?.version} is not valid`);
  return parsed.data as T;
}

/**
 * The configuration version in force on a date (effective-dated; the latest version wins on the same
 * day), merged over the cited defaults and checked against its schema: a version that fails it is an
 * error, never silently replaced.
 */
async function configInForce<T>(kind: SettingsKind, asOf: string, client?: Tx): Promise<T> {
  return parseConfig<T>(kind, versionInForce(await configVersions(kind, client), asOf));
}

/**
 * Every monitoring protocol version, each checked against its schema, as a resolver of the protocol in
 * force on any day: lab items follow the version of the day they are anchored on (lib/domain/monitoring/
 * protocol.ts). A clinic-wide pass loads it once for all its batches. Pass the transaction when reading
 * inside one (without a client the versions come from this process's cache when it is in use).
 */
export async function getProtocols(client?: Tx | PrismaClient): Promise<ProtocolOn> {
  const versions = await configVersions("MONITORING_PROTOCOL", client);
  return protocolResolver(versions.map((v) => ({ effectiveFrom: v.effectiveFrom, protocol: parseConfig<MonitoringProtocol>("MONITORING_PROTOCOL", v) })));
}

/** Pass the transaction when reading inside one, so a write never waits on a second pool connection. */
export const getProtocol = (asOf: string, client?: Tx) => configInForce<MonitoringProtocol>("MONITORING_PROTOCOL", asOf, client);
/** Writes pass their client (the flags they store are never recomputed): they always read the table. */
export const getThresholds = (asOf: string, client?: Tx) => configInForce<LabThresholds>("LAB_THRESHOLDS", asOf, client);
export const getDosingSettings = (asOf: string, client?: Tx) => configInForce<DosingSettings>("DOSING", asOf, client);
export const getPregnancySettings = (asOf: string, client?: Tx) => configInForce<PregnancySettings>("PREGNANCY_PREVENTION", asOf, client);
