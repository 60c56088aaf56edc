import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { dayStartInZone } from "@/lib/clinic-time";
import { addDays } from "@/lib/domain/dates";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import { writeAudit, type AuditActor } from "./audit";
import { assertCan, type Viewer } from "./viewer";
import { NON_CLINICAL_ACTIONS } from "./audit-actions";
import { actionFilterFor, actionLabelFor, hiddenGroupOf, hiddenGroupsFor } from "./audit-action-groups";
import { actionWhere, pageByActionLabel } from "./audit-order";
import { detailLines, withholdSecrets } from "./audit-details";
import { countByKind, kindWhere, type AuditKind } from "./audit-kinds";
import { auditDirectory } from "./audit-names";
import { queryRows } from "./query-rows";
import type { SearchKind } from "@/lib/validation/search";

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export carries (narrow the filters for more). */
export const AUDIT_EXPORT_MAX = 10_000;
/** A patient search matching more patients than this asks for a narrower term. */
const MAX_PATIENT_MATCHES = 20;

export interface AuditFilters {
  /** Calendar days in the clinic's time zone. */
  from?: string;
  to?: string;
  actorId?: string;
  /** A patient's full id, the first 8 characters of it, their MRN, or part of their name. */
  patient?: string;
  /** An action's name or an action group's key (lib/data/audit-action-groups.ts). */
  action?: string;
  /** One kind of row of a patient's access report (lib/data/audit-kinds.ts). */
  kind?: AuditKind;
  page: number;
}

/** The patients a search term names: by id (whole or its first 8 characters), MRN, or name. */
async function patientsMatching(term: string): Promise<string[]> {
  const t = term.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return [t.toLowerCase()];
  if (/^[0-9a-f]{8}$/i.test(t)) {
    const rows = await queryRows(
      db,
      z.object({ id: z.string() }),
      Prisma.sql`SELECT id::text AS id FROM patients WHERE id::text LIKE ${`${t.toLowerCase()}%`} LIMIT ${MAX_PATIENT_MATCHES}`,
    );
    if (rows.length) return rows.map((r) => r.id);
  }
  const [last, first] = t.includes(",") ? t.split(",").map((x) => x.trim()) : [t, undefined];
  const rows = await db.patient.findMany({
    where: {
      OR: [
        { mrn: { equals: t, mode: "insensitive" } },
        first
          ? { lastName: { contains: last, mode: "insensitive" }, firstName: { contains: first, mode: "insensitive" } }
          : { OR: [{ lastName: { contains: t, mode: "insensitive" } }, { firstName: { contains: t, mode: "insensitive" } }] },
      ],
    },
    select: { id: true },
    take: MAX_PATIENT_MATCHES + 1,
  });
  return rows.map((r) => r.id);
}

async function whereFor(f: AuditFilters): Promise<{ where: Prisma.AuditEventWhereInput; patientMatches: number | null }> {
  const ids = f.patient ? await patientsMatching(f.patient) : null;
  const patientIds = ids?.slice(0, MAX_PATIENT_MATCHES) ?? null;
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    // A patient's events, and the lists that showed the patient.
    ...(patientIds
      ? { OR: [{ patientId: { in: patientIds } }, ...patientIds.map((id) => ({ changes: { path: ["patientIds"], array_contains: [id] } }))] }
      : {}),
    ...(f.action ? actionWhere(f.action) : {}),
    ...(f.from || f.to
      ? { occurredAt: { ...(f.from ? { gte: dayStartInZone(f.from) } : {}), ...(f.to ? { lt: dayStartInZone(addDays(f.to, 1)) } : {}) } }
      : {}),
  };
  return { where, patientMatches: ids ? ids.length : null };
}

/** The key paths of a change record, without its values ("results.code", "schedule.mgPerIntake"...). */
export function changedFields(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return prefix ? [prefix] : [];
  if (Array.isArray(value)) return value.length === 0 ? (prefix ? [prefix] : []) : [...new Set(value.flatMap((v) => changedFields(v, prefix)))];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => changedFields(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * What a view's row says of its patients beyond who saw them, withheld from a role that some action groups are
 * hidden from, since it can be a clinical fact about each: a list's filters (the critical results awaiting
 * review, a worklist filtered by pregnancy reviews), and how many resources a FHIR call returned (a patient's
 * second Flag is a pregnancy test awaiting review). The list's section, the call's type and status, and the
 * patients' ids stay.
 */
const WITHHELD_FROM_VIEWS: Partial<Record<string, string>> = { "patients.view_list": "filters", "patients.view_fhir": "count" };

function viewFor(role: Role, action: string, changes: Prisma.JsonValue): Prisma.JsonValue {
  const withheld = WITHHELD_FROM_VIEWS[action];
  if (!withheld || hiddenGroupsFor(role).length === 0) return changes;
  if (changes === null || typeof changes !== "object" || Array.isArray(changes)) return changes;
  const { [withheld]: _withheld, ...shown } = changes;
  return shown;
}

/** The audit trail's orders: newest first, by action, by the actor's role. */
export const AUDIT_SORTS = { time: "desc", action: "asc", role: "asc" } as const;
export type AuditSort = keyof typeof AUDIT_SORTS;

/**
 * The audit trail, for roles with audit.read (administrators) and refused to every other. A clinical
 * event shows who, when, which action, which patient (name and MRN, to answer "who opened this record")
 * and which fields changed, never the values; a non-clinical one (sign-ins, accounts) shows its changes.
 * An action whose mere presence is a clinical fact (a pregnancy decision, a lab review) is shown to a role
 * without that area's clinical permission under its group's neutral label, without record type, id or
 * fields, and is filtered and ordered as that label only (lib/data/audit-action-groups.ts); the stored rows,
 * and the chain's verification, are untouched. Filter days are calendar days in the clinic's time zone.
 * `limit` serves the CSV export. `action` is the action filter as applied (a hidden action becomes its group).
 * Each row carries its action's label, the name of the person or system it acted on (lib/data/audit-names.ts)
 * and its details as lines (lib/data/audit-details.ts). With a patient filter, `kinds` counts the rows of each
 * kind (record views, lists, audit views, changes) under the other filters; `kind` shows one of them.
 */
export async function getAuditReport(
  viewer: Viewer,
  f: AuditFilters,
  limit: number = AUDIT_PAGE_SIZE,
  sort: { key: AuditSort; dir: "asc" | "desc" } = { key: "time", dir: "desc" },
) {
  assertCan(viewer, "audit.read");
  const action = actionFilterFor(viewer.role, f.action);
  const { where: filtered, patientMatches } = await whereFor({ ...f, action });
  // A kind is one of a patient's report's: without a patient filter, every row is shown.
  const kind = f.patient ? f.kind : undefined;
  const where = kind ? { AND: [filtered, kindWhere(kind)] } : filtered;
  const skip = (f.page - 1) * limit;
  // Every order ends on the event number, newest first, so a page is stable.
  const page = async () => {
    if (sort.key === "action") return pageByActionLabel(viewer.role, where, sort.dir, skip, limit);
    const orderBy = sort.key === "role" ? [{ actorRole: sort.dir }, { id: "desc" as const }] : [{ id: sort.dir }];
    const [rows, total] = await Promise.all([db.auditEvent.findMany({ where, orderBy, skip, take: limit }), db.auditEvent.count({ where })]);
    return { rows, total };
  };
  const counts = async () => {
    if (!f.patient) return null;
    const byAction = await db.auditEvent.groupBy({ by: ["action"], where: filtered, _count: { _all: true } });
    return countByKind(byAction);
  };
  const [{ rows, total }, directory, kinds] = await Promise.all([page(), auditDirectory(), counts()]);
  const patientIds = [...new Set(rows.map((r) => r.patientId).filter((id): id is string => id !== null))];
  const patients = new Map(
    (await db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, firstName: true, lastName: true, mrn: true } })).map((p) => [
      p.id,
      { name: `${p.lastName}, ${p.firstName}`, mrn: p.mrn },
    ]),
  );
  return {
    rows: rows.map((r) => {
      const group = hiddenGroupOf(viewer.role, r.action);
      // Its secrets withheld here, so the page's lines and the CSV carry the same (lib/data/audit-details.ts).
      const changes = group
        ? null
        : NON_CLINICAL_ACTIONS.test(r.action) || r.changes === null
          ? withholdSecrets(viewFor(viewer.role, r.action, r.changes))
          : { fields: changedFields(r.changes) };
      return {
        ...r,
        id: r.id.toString(),
        label: actionLabelFor(viewer.role, r.action),
        actorName: directory.actorName(r.actorId),
        patient: r.patientId ? (patients.get(r.patientId) ?? null) : null,
        ...(group
          ? { action: group.label, entityType: group.record, entityId: null, subject: null }
          : { subject: directory.subjectName(r.entityType, r.entityId) }),
        changes,
        details: detailLines(changes),
      };
    }),
    total,
    pageCount: Math.max(1, Math.ceil(total / limit)),
    /** Staff, API clients and lab interfaces, for the user filter. */
    actors: directory.actors,
    /** How many patients the patient term matched (more than 20: only the first 20 are searched). */
    patientMatches,
    action,
    /** With a patient filter: each kind's count under the other filters (whichever kind is shown), and the kind shown. */
    kinds,
    kind,
  };
}

/** The patients a page or export of the trail named (with their name and MRN): access accounting, by id. */
export function patientsNamed(rows: { patientId: string | null }[]): string[] {
  return [...new Set(rows.map((r) => r.patientId).filter((id): id is string => id !== null))];
}

/**
 * Reading or exporting the audit trail is itself recorded: the filters (the patient filter as its saved
 * search's id and the kind of term, never the term), the ids of the patients it named (as a list's view
 * records them, so "who saw this patient" includes the trail) and, for an export, the row count.
 */
export async function recordAuditRead(
  viewer: AuditActor,
  kind: "view" | "export",
  f: AuditFilters,
  search: { id: string | null; kind: SearchKind | null },
  shown: { patientIds: string[]; rows?: number },
): Promise<void> {
  await db.$transaction((tx) =>
    writeAudit(tx, viewer, {
      action: kind === "view" ? "audit.view" : "audit.export",
      entityType: "AuditEvent",
      changes: {
        from: f.from ?? null,
        to: f.to ?? null,
        actor: f.actorId ?? null,
        ...(f.action ? { action: f.action } : {}),
        ...(f.kind ? { kind: f.kind } : {}),
        search: search.id,
        searchKind: search.kind,
        patientIds: shown.patientIds,
        ...(shown.rows === undefined ? {} : { rows: shown.rows }),
      },
    }),
  );
}

// Verification lives with the keyed chain; the audit page imports it from here.
export { verifyAuditChain, type ChainReport } from "./audit-verify";
