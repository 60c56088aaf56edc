"use server";

import { defineAction } from "@/lib/actions/client";
import { acknowledgeRepeatNotice } from "@/lib/data/repeat-notices";
import { repeatNoticeSchema } from "@/lib/validation/lab";

/** A dermatologist acknowledges that a repeat test is no longer listed: the notice leaves the dashboard, kept on file. */
export const acknowledgeRepeatNoticeAction = defineAction({
  permission: "labs.acknowledge",
  schema: repeatNoticeSchema,
  revalidate: ["/dashboard"],
  run: async (input, { user }) => {
    await acknowledgeRepeatNotice(user, input.noticeId);
    return "Notice acknowledged.";
  },
});
