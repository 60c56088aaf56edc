"use server";

import { defineAction } from "@/lib/actions/client";
import { can } from "@/lib/auth/permissions";
import { clinicToday } from "@/lib/clinic";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { rejectHl7Result } from "@/lib/data/hl7-queue-dismiss";
import { repeatsAfterCorrectionText } from "@/lib/domain/monitoring/repeat";
import { pregnancyNotNegativeNextStep } from "@/lib/domain/pregnancy/not-negative";
import { attachHl7Schema, dismissHl7Schema } from "@/lib/validation/hl7";

/**
 * Attaches waiting results, one or several of one message, to the patient named by MRN and confirmed by date
 * of birth; a pregnancy test the laboratory sent without a collection date, with the date entered from its report,
 * and a number sent without its unit, with the unit chosen from it (a value unusual in it, once confirmed).
 */
export const attachHl7ResultAction = defineAction({
  permission: "labs.write",
  schema: () => attachHl7Schema(clinicToday()),
  revalidate: ["/labs/queue", "/dashboard"],
  run: async (input, { user }) => {
    const { entryId: entryIds, mrn, birthDate, collectionDate, units, ack } = input;
    const { attached, repeats, pregnancyNotNegative } = await attachHl7Results(user, { entryIds, mrn, birthDate, collectionDate, units, ack }, clinicToday());
    const done = `${attached === 1 ? "Result" : `${attached} results`} attached to the patient; their monitoring and alerts are up to date.`;
    // A laboratory's correction among them: what became of the repeat asked for at the review of the result it replaced.
    const message = [done, ...repeatsAfterCorrectionText(repeats)].join(" ");
    if (!pregnancyNotNegative) return message;
    // As when one is recorded by hand: whoever attached it is told at once what it means and what to do.
    const next = pregnancyNotNegativeNextStep(can(user.role, "pregnancy.decide"));
    return { status: "ok", tone: "alert", message: `${message} The pregnancy test is not negative: ${next}` };
  },
});

/** Dismisses a waiting result with the reason; it stays on file with the message it came in. */
export const dismissHl7ResultAction = defineAction({
  permission: "labs.write",
  schema: dismissHl7Schema,
  revalidate: ["/labs/queue"],
  run: async (input, { user }) => {
    await rejectHl7Result(user, { entryId: input.entryId, reason: input.reason });
    return "Result dismissed.";
  },
});
