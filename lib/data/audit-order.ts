import "server-only";
import type { AuditEvent, Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AUDIT_ACTION_GROUPS, actionLabelFor } from "./audit-action-groups";
import type { Role } from "@/lib/auth/permissions";

/** The rows an action filter's value selects: one action, or every action of a group. */
export function actionWhere(value: string): Prisma.AuditEventWhereInput {
  const group = AUDIT_ACTION_GROUPS.find((g) => g.key === value);
  if (!group) return { action: value };
  return {
    AND: [{ action: { startsWith: group.prefix } }, ...(group.exceptPrefix ? [{ NOT: { action: { startsWith: group.exceptPrefix } } }] : [])],
  };
}

/**
 * A page of the trail ordered by the action as this role reads it, newest first within one: the actions of a
 * group hidden from the role are one label, so their rows are ordered by event number alone and the order says
 * nothing of which action each is. One count per recorded action, then one query per label the page spans.
 */
export async function pageByActionLabel(
  role: Role,
  where: Prisma.AuditEventWhereInput,
  dir: "asc" | "desc",
  skip: number,
  take: number,
): Promise<{ rows: AuditEvent[]; total: number }> {
  const counts = await db.auditEvent.groupBy({ by: ["action"], where, _count: { _all: true } });
  const labels = new Map<string, { actions: string[]; count: number }>();
  for (const c of counts) {
    const label = actionLabelFor(role, c.action);
    const entry = labels.get(label) ?? { actions: [], count: 0 };
    entry.actions.push(c.action);
    entry.count += c._count._all;
    labels.set(label, entry);
  }
  const order = [...labels.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (dir === "desc") order.reverse();
  const rows: AuditEvent[] = [];
  let offset = skip;
  for (const label of order) {
    if (rows.length >= take) break;
    const { actions, count } = labels.get(label)!;
    if (offset >= count) {
      offset -= count;
      continue;
    }
    rows.push(
      ...(await db.auditEvent.findMany({
        where: { AND: [where, { action: { in: actions } }] },
        orderBy: { id: "desc" },
        skip: offset,
        take: take - rows.length,
      })),
    );
    offset = 0;
  }
  return { rows, total: counts.reduce((n, c) => n + c._count._all, 0) };
}
