import { z } from "zod";
import { hasNoControlCharacters, isoDate, uuid } from "./common";

/** The audit trail's filters from the query string: anything unreadable is dropped, never an error page. */
export const auditFiltersSchema = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  actor: uuid.optional().catch(undefined),
  patient: z.string().trim().min(1).max(100).refine(hasNoControlCharacters).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  verify: z.literal("1").optional().catch(undefined),
});
export type AuditQuery = z.infer<typeof auditFiltersSchema>;

export const toAuditFilters = (q: AuditQuery) => ({ from: q.from, to: q.to, actorId: q.actor, patient: q.patient, page: q.page });
