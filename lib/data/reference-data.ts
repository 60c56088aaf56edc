import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_CATALOGUE, LOINC } from "@/lib/domain/monitoring/catalogue";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";

/** Idempotent: the LOINC catalogue and version 1 of each clinic configuration. */
export async function ensureReferenceData(db: PrismaClient): Promise<void> {
  for (const entry of DEFAULT_CATALOGUE) {
    await db.labTest.upsert({
      where: { codeSystem_code: { codeSystem: LOINC, code: entry.code } },
      update: {},
      create: { ...entry, codeSystem: LOINC },
    });
  }
  const configs = [
    { kind: "MONITORING_PROTOCOL" as const, config: DEFAULT_PROTOCOL },
    { kind: "LAB_THRESHOLDS" as const, config: DEFAULT_THRESHOLDS },
    { kind: "DOSING" as const, config: DEFAULT_DOSING_SETTINGS },
  ];
  for (const c of configs) {
    await db.clinicConfig.upsert({
      where: { kind_version: { kind: c.kind, version: 1 } },
      update: {},
      create: { kind: c.kind, version: 1, effectiveFrom: new Date("2000-01-01T00:00:00Z"), config: JSON.parse(JSON.stringify(c.config)) },
    });
  }
}
