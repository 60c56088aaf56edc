import { z } from "zod";

export const worklistQuerySchema = z.object({
  kind: z.enum(["BASELINE_LIVER", "BASELINE_LIPIDS", "PEAK_LABS", "PERIODIC_LABS", "PREG_SCREENING", "PREG_PRESCRIPTION", "PREG_MONTHLY", "PREG_POST_COURSE"]).optional().catch(undefined),
  status: z.enum(["OVERDUE", "DUE", "DUE_SOON"]).optional().catch(undefined),
  clinician: z.string().uuid().optional().catch(undefined),
  sort: z.enum(["days", "due", "name"]).catch("days"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type WorklistParams = z.infer<typeof worklistQuerySchema>;
