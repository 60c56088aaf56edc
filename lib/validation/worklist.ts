import { z } from "zod";
import { ACTIONABLE_STATUSES, ITEM_KINDS } from "@/lib/domain/monitoring/items";
import { uuid } from "./common";

/** The worklist's orders: most overdue first, by due date, by patient name. */
export const WORKLIST_SORTS = ["days", "due", "name"] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

export const worklistQuerySchema = z.object({
  kind: z.enum(ITEM_KINDS).optional().catch(undefined),
  status: z.enum(ACTIONABLE_STATUSES).optional().catch(undefined),
  clinician: uuid.optional().catch(undefined),
  sort: z.enum(WORKLIST_SORTS).catch("days"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type WorklistParams = z.infer<typeof worklistQuerySchema>;
