import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * A patient's access report by kind of row: their record opened (on the portal, downloaded, read through the API),
 * the lists that showed them (a page's list, the worklist's CSV), the audit trail read with them in it (an
 * administrator's own reading included: it is access accounting too), and every other event (their records
 * changed). Every row is kept; the reader chooses which kind to show, with each kind's count.
 */
export const AUDIT_KINDS = [
  { key: "views", label: "Record views", actions: ["patient.view", "patient.export_fhir", "patients.view_fhir"] },
  { key: "lists", label: "Lists that showed this patient", actions: ["patients.view_list", "monitoring.export"] },
  { key: "audit", label: "Audit views", actions: ["audit.view", "audit.export"] },
  { key: "changes", label: "Changes", actions: null },
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number]["key"];
export const AUDIT_KIND_KEYS = AUDIT_KINDS.map((k) => k.key) as [AuditKind, ...AuditKind[]];

const LISTED: string[] = AUDIT_KINDS.flatMap((k) => k.actions ?? []);

const kindOf = (action: string): AuditKind => AUDIT_KINDS.find((k) => k.actions?.some((a) => a === action))?.key ?? "changes";

/** The rows of one kind. */
export function kindWhere(kind: AuditKind): Prisma.AuditEventWhereInput {
  const actions = AUDIT_KINDS.find((k) => k.key === kind)!.actions;
  return actions ? { action: { in: [...actions] } } : { action: { notIn: LISTED } };
}

/** How many rows of each kind, in the kinds' order, from the count of each action (a groupBy's answer). */
export function countByKind(counts: { action: string; _count: { _all: number } }[]): { key: AuditKind; label: string; count: number }[] {
  const byKind = new Map<AuditKind, number>();
  for (const c of counts) byKind.set(kindOf(c.action), (byKind.get(kindOf(c.action)) ?? 0) + c._count._all);
  return AUDIT_KINDS.map((k) => ({ key: k.key, label: k.label, count: byKind.get(k.key) ?? 0 }));
}
