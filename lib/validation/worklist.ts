import { z } from "zod";
import { ITEM_KINDS } from "@/lib/domain/monitoring/items";
import { uuid } from "./common";

export const worklistQuerySchema = z.object({
  kind: z.enum(ITEM_KINDS).optional().catch(undefined),
  status: z.enum(["OVERDUE", "DUE", "DUE_SOON"]).optional().catch(undefined),
  clinician: uuid.optional().catch(undefined),
  sort: z.enum(["days", "due", "name"]).catch("days"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type WorklistParams = z.infer<typeof worklistQuerySchema>;
