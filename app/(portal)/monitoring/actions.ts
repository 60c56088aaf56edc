"use server";

import { revalidatePath } from "next/cache";
import { defineAction, redirectTo } from "@/lib/actions/client";
import { setContactPreferences } from "@/lib/data/contact-preferences";
import { queueReminders } from "@/lib/data/queue-reminders";
import { savedSearchId } from "@/lib/data/saved-searches";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import type { ActionState } from "@/lib/validation/action-result";
import { REMINDER_CHANNEL_LABELS } from "@/lib/labels";
import { contactPreferencesSchema, sendRemindersSchema, worklistSearchSchema } from "@/lib/validation/worklist";
import { worklistHref } from "./_components/worklist-url";

/**
 * Queues a reminder for each selected patient and answers at once; once the rows are committed, a
 * `reminders-dispatch` job sends them in the background (lib/jobs). Each patient gets their own answer:
 * refusals name the reason, and the others are queued. The worklist is drawn again with the answer, refused
 * or not: a refusal the page did not foresee means it is out of date (the items completed meanwhile, the
 * patient no longer listed, another reminder queued by someone else).
 */
export const sendRemindersAction = defineAction({
  permission: "monitoring.outreach",
  schema: sendRemindersSchema,
  revalidate: ["/monitoring"],
  run: async (input, { user }): Promise<ActionState> => {
    const outcomes = await queueReminders(user, { patientIds: input.patientId, channel: input.channel });
    const queued = outcomes.filter((o) => o.queued).length;
    if (queued > 0)
      try {
        // Null when a dispatch job is already waiting: it sends these rows too.
        await enqueueJob("reminders-dispatch");
      } catch (error) {
        // The rows stay QUEUED: the job's 5-minute schedule sends them. Error names only, never a patient.
        log.error({ event: "reminders.enqueue_failed", error: error instanceof Error ? error.name : "unknown" }, "reminder job not queued");
      }
    // Named by channel ("Reminder email"), and only queued: the background job sends it.
    const label = REMINDER_CHANNEL_LABELS[input.channel];
    const perPatient = outcomes.map((o) => ({ patientId: o.patientId, ok: o.queued, message: o.queued ? `${label} queued, not sent yet.` : o.reason }));
    const refused = outcomes.length - queued;
    const summary = `${queued} ${label.toLowerCase()}${queued === 1 ? "" : "s"} queued${refused ? `, ${refused} not sent` : ""}.`;
    if (queued > 0) return { status: "ok", message: summary, outcomes: perPatient };
    // A success is revalidated by defineAction; a refusal here.
    revalidatePath("/monitoring", "page");
    return { status: "error", message: `No ${label.toLowerCase()} queued.`, outcomes: perPatient };
  },
});

export const setContactPreferencesAction = defineAction({
  permission: "patients.write",
  schema: contactPreferencesSchema,
  revalidate: (input) => ["/monitoring", `/patients/${input.patientId}`],
  run: async ({ patientId, version, ...prefs }, { user }) => {
    await setContactPreferences(user, patientId, prefs, version);
    return "Contact preferences saved.";
  },
});

/** The worklist's search and filters: the term is kept as a saved search; the address names its id and the filters. */
export const searchWorklistAction = defineAction({
  permission: "monitoring.read",
  schema: worklistSearchSchema,
  run: async ({ q, ...filters }, { user }) => redirectTo(worklistHref({ search: await savedSearchId(user, q), ...filters, page: 1 })),
});
