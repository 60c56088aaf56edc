import "server-only";
import { assertCan, assertMay, type Viewer } from "./viewer";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { flatten, SETTINGS, SETTINGS_KINDS, type SettingsKind } from "@/lib/validation/settings";
import { writeAudit, type AuditActor } from "./audit";
import { conflict, invalidField, refused } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { enqueueJobInTransaction } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { SETTINGS_VERSION_LOCK } from "./locks";
import { configVersions, forgetConfigVersions, getDosingSettings, getPregnancySettings, getProtocol, getThresholds } from "./config";
import { recomputeWhenSaved } from "./recompute-derived";

/**
 * Every version of each kind, newest first, with who saved it and what it sets: its settings as the form
 * shows them (flat field names), read as a version in force is (over the cited defaults); null for one the
 * schema of stored versions does not read.
 */
export async function listConfigVersions(viewer: Viewer) {
  assertCan(viewer, "settings.manage");
  const rows = await db.clinicConfig.findMany({
    orderBy: [{ kind: "asc" }, { version: "desc" }],
    select: { id: true, kind: true, version: true, effectiveFrom: true, createdAt: true, config: true, createdBy: { select: { name: true } } },
  });
  return rows.map(({ config, ...r }) => {
    const { stored, defaults } = SETTINGS[r.kind];
    const read = stored.safeParse({ ...defaults, ...((config as object | null) ?? {}) });
    return {
      ...r,
      effectiveFrom: isoFromDb(r.effectiveFrom),
      createdBy: r.createdBy?.name ?? "System defaults",
      settings: read.success ? flatten(read.data as object) : null,
    };
  });
}

/**
 * The first day a new version of a kind may take effect: today, or the day of the version of its kind
 * scheduled latest when that is later. Saved on that day, the new version replaces the scheduled one from
 * then on (the later version wins on the same day); before it, the scheduled one would undo it on its day.
 */
export const firstDayOpen = (latestFrom: string | null, today: string): string => (latestFrom !== null && latestFrom > today ? latestFrom : today);

const SETTINGS_ON: Record<SettingsKind, (day: string) => Promise<object>> = {
  MONITORING_PROTOCOL: getProtocol,
  LAB_THRESHOLDS: getThresholds,
  DOSING: getDosingSettings,
  PREGNANCY_PREVENTION: getPregnancySettings,
};

export interface NewVersionForm {
  /** The day the form's version takes effect unless another is chosen: the first day the save accepts. */
  effectiveFrom: string;
  /** The day of the version scheduled latest, when one is scheduled after today. */
  scheduledFrom: string | null;
  /** The settings the form starts from: those in force on `effectiveFrom`. */
  values: object;
}

/**
 * How each kind's form for a new version opens. A version carries every field, so with a version scheduled
 * the form starts from the settings that version's day puts in force (saving it does not quietly undo what is
 * scheduled) and takes effect on that day by default; with none, from today's settings, today.
 */
export async function newVersionForms(viewer: Viewer, today: string): Promise<Record<SettingsKind, NewVersionForm>> {
  assertCan(viewer, "settings.manage");
  const forms = await Promise.all(
    SETTINGS_KINDS.map(async (kind) => {
      const effectiveFrom = firstDayOpen((await configVersions(kind)).at(-1)?.effectiveFrom ?? null, today);
      const form: NewVersionForm = {
        effectiveFrom,
        scheduledFrom: effectiveFrom > today ? effectiveFrom : null,
        values: await SETTINGS_ON[kind](effectiveFrom),
      };
      return [kind, form] as const;
    }),
  );
  return Object.fromEntries(forms) as Record<SettingsKind, NewVersionForm>;
}

/**
 * Saves a new version of one kind of settings, effective from today or a later day, with its audit row.
 * It may not take effect before a version of its kind already scheduled (versions apply by date, so the
 * scheduled one would undo it on its day): the form says to schedule it on or after that day, and opens
 * on that day (firstDayOpen).
 * With the version, in its transaction, a settings-recompute job is queued when recomputeWhenSaved says so (a
 * version in force today; a protocol or pregnancy-prevention version for a later day too, since the items
 * anchored on or after its day already follow it): it recomputes the stored derived data the version shapes
 * (the monitoring items for a protocol or pregnancy-prevention version, the course summaries for dosing) in
 * short batches, so no clinical write waits on it. One job waits per kind: a dosing save while a protocol
 * recompute waits queues its own. The daily refresh of the day a version takes effect recomputes what it
 * shapes again. Lab thresholds flag results as they are entered; results already recorded keep their flags.
 */
export async function saveClinicConfig(
  actor: AuditActor,
  input: { kind: SettingsKind; effectiveFrom: string; config: object; /** The latest version when the form was opened. */ openedAt: number },
  today: string,
): Promise<number> {
  assertMay(actor, "settings.manage");
  if (input.effectiveFrom < today)
    throw invalidField("effectiveFrom", "Settings cannot take effect in the past: results and items already computed used the settings then in force.");
  const version = await db.$transaction(async (tx) => {
    // One writer per kind at a time, so versions are numbered without gaps or collisions.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SETTINGS_VERSION_LOCK}, hashtext(${input.kind}))::text AS locked`;
    const latest = await tx.clinicConfig.findFirst({ where: { kind: input.kind }, orderBy: { version: "desc" }, select: { version: true } });
    // Each version is whole, every field as the form showed it: one from a form opened before another
    // version was saved would silently undo that version's changes.
    if ((latest?.version ?? 0) !== input.openedAt)
      throw conflict("These settings were changed by someone else since this page was opened. Reload it, check the new version, and change it again.");
    // Versions apply in the order of their dates: one taking effect before a version already scheduled
    // would be undone on that version's day, which carries the fields as they were before it.
    const scheduled = await tx.clinicConfig.findFirst({ where: { kind: input.kind }, orderBy: { effectiveFrom: "desc" }, select: { effectiveFrom: true } });
    const firstDay = firstDayOpen(scheduled ? isoFromDb(scheduled.effectiveFrom) : null, today);
    if (input.effectiveFrom < firstDay)
      throw invalidField(
        "effectiveFrom",
        `A version of these settings is scheduled for ${formatDate(firstDay)}: schedule this one on or after that day, or change that one.`,
      );
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
    // The recompute is queued in the same transaction: a version that shapes derived data is never saved
    // without the job that applies it (the queue lives in this database, pg-boss's schema),
    // before the audit row, whose chain lock every transaction takes last (lib/data/locks.ts).
    if (recomputeWhenSaved(input.kind, input.effectiveFrom, today))
      await enqueueJobInTransaction(tx, "settings-recompute", { kind: input.kind, version }, input.kind).catch((error: unknown) => {
        log.error({ error: error instanceof Error ? error.message : String(error), kind: input.kind }, "settings recompute not queued");
        throw refused("The job that applies these settings to every patient could not be queued, so they were not saved. Try again in a minute.");
      });
    await writeAudit(tx, actor, {
      action: "settings.update",
      entityType: "ClinicConfig",
      entityId: `${input.kind}:${version}`,
      changes: { kind: input.kind, version, effectiveFrom: input.effectiveFrom, config: input.config },
    });
    return version;
  });
  forgetConfigVersions();
  return version;
}
