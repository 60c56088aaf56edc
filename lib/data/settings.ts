import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import type { SettingsKind } from "@/lib/validation/settings";
import { writeAudit, type AuditActor } from "./audit";
import { recomputeAllCourseSummaries } from "./course-summaries";
import { invalidField } from "@/lib/errors";
import { lockDerivedData, SETTINGS_VERSION_LOCK } from "./locks";
import { recomputeAllMonitoring } from "./refresh-monitoring";

/** Every version of each kind, newest first, with who saved it. */
export async function listConfigVersions() {
  const rows = await db.clinicConfig.findMany({
    orderBy: [{ kind: "asc" }, { version: "desc" }],
    select: { id: true, kind: true, version: true, effectiveFrom: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return rows.map((r) => ({ ...r, effectiveFrom: isoFromDb(r.effectiveFrom), createdBy: r.createdBy?.name ?? "System defaults" }));
}

/**
 * Saves a new version of one kind of settings, effective from today or a later day, with its audit row.
 * When it takes effect today, the stored derived data it shapes is recomputed in the same transaction
 * (the monitoring items for a protocol, the course summaries for dosing); a later version is picked up by
 * the daily refresh of the day it takes effect. Lab thresholds flag results as they are entered; results
 * already recorded keep their flags.
 */
export async function saveClinicConfig(
  actor: AuditActor,
  input: { kind: SettingsKind; effectiveFrom: string; config: object },
  today: string,
): Promise<number> {
  if (input.effectiveFrom < today)
    throw invalidField("effectiveFrom", "Settings cannot take effect in the past: results and items already computed used the settings then in force.");
  return db.$transaction(
    async (tx) => {
      // One writer per kind at a time, so versions are numbered without gaps or collisions; and no
      // patient's refresh in between while every patient's rows are recomputed.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SETTINGS_VERSION_LOCK}, hashtext(${input.kind}))::text AS locked`;
      if (input.effectiveFrom === today && input.kind !== "LAB_THRESHOLDS") await lockDerivedData(tx, "exclusive");
      const latest = await tx.clinicConfig.findFirst({ where: { kind: input.kind }, orderBy: { version: "desc" }, select: { version: true } });
      const version = (latest?.version ?? 0) + 1;
      await tx.clinicConfig.create({
        data: {
          kind: input.kind,
          version,
          effectiveFrom: dbDate(input.effectiveFrom),
          config: JSON.parse(JSON.stringify(input.config)),
          createdById: actor.id,
        },
      });
      if (input.effectiveFrom === today) {
        if (input.kind === "MONITORING_PROTOCOL" || input.kind === "PREGNANCY_PREVENTION") await recomputeAllMonitoring(tx, today);
        if (input.kind === "DOSING") await recomputeAllCourseSummaries(tx, today);
      }
      await writeAudit(tx, actor, {
        action: "settings.update",
        entityType: "ClinicConfig",
        entityId: `${input.kind}:${version}`,
        changes: { kind: input.kind, version, effectiveFrom: input.effectiveFrom, config: input.config },
      });
      return version;
    },
    { timeout: 600_000 },
  );
}
