import { z } from "zod";

/** "Run now" on /admin/jobs names the job it runs; only the daily refresh may be started by hand. */
export const runJobNowSchema = z.object({
  job: z.literal("daily-refresh", { error: "Choose a job that can be run by hand." }),
});
