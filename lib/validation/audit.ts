import { z } from "zod";
import { blankAsAbsent, isoDate, uuid } from "./common";
import { searchTerm } from "./search";
import { AUDIT_ACTION_FILTER_VALUES } from "@/lib/data/audit-action-groups";
import { AUDIT_KIND_KEYS } from "@/lib/data/audit-kinds";

/** An action's name or an action group's key (lib/data/audit-action-groups.ts). */
const auditAction = z.enum(AUDIT_ACTION_FILTER_VALUES, { message: "Choose an action from the list." });

/**
 * The audit trail's filters from the query string: anything unreadable is dropped, never an error page.
 * The patient filter is the id of a saved search (lib/data/saved-searches.ts), never the term.
 */
export const auditFiltersSchema = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  actor: uuid.optional().catch(undefined),
  search: uuid.optional().catch(undefined),
  action: auditAction.optional().catch(undefined),
  /** One kind of a patient's access report (lib/data/audit-kinds.ts); absent: every kind. */
  kind: z.enum(AUDIT_KIND_KEYS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type AuditQuery = z.infer<typeof auditFiltersSchema>;

/** The filters for the report: the patient term is the saved search's, read for its own user. */
export const toAuditFilters = (q: AuditQuery, patient: string) => ({
  from: q.from,
  to: q.to,
  actorId: q.actor,
  action: q.action,
  kind: q.kind,
  patient: patient || undefined,
  page: q.page,
});

/** The audit trail's filter form: days, user, action, the kind of a patient's report, and the patient term (kept as a saved search, out of the address). */
export const auditSearchSchema = z.object({
  from: blankAsAbsent(isoDate),
  to: blankAsAbsent(isoDate),
  actor: blankAsAbsent(uuid),
  action: blankAsAbsent(auditAction),
  kind: z.enum(AUDIT_KIND_KEYS).optional().catch(undefined),
  patient: searchTerm,
  verify: z.literal("1").optional().catch(undefined),
});
