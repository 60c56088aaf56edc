"use server";

import { defineAction } from "@/lib/actions/client";
import { requestDailyRefresh } from "@/lib/data/jobs";
import { runJobNowSchema } from "@/lib/validation/jobs";

export const runJobNowAction = defineAction({
  permission: "jobs.manage",
  schema: runJobNowSchema,
  revalidate: ["/admin/jobs"],
  run: async (_input, { user }) =>
    (await requestDailyRefresh(user))
      ? "Daily refresh queued. It brings the figures up to today, then does nothing until tomorrow."
      : "A daily refresh is already waiting to run.",
});
