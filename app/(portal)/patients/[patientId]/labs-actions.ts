"use server";

import { defineAction } from "@/lib/actions/client";
import { can } from "@/lib/auth/permissions";
import { clinicToday } from "@/lib/clinic";
import { formatCount, formatDate } from "@/lib/format";
import { pregnancyNotNegativeNextStep } from "@/lib/domain/pregnancy/not-negative";
import { addOutreachNotes } from "@/lib/data/add-outreach-note";
import { acknowledgeLab, labPanelValueProblems, recordLabPanel } from "@/lib/data/labs";
import type { ReviewOutcome } from "@/lib/data/review-lab";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import type { ActionState } from "@/lib/validation/action-result";
import { changeDoseAnchor } from "./_components/course-anchors";
import { waiveItem } from "@/lib/data/waive-item";
import { acknowledgeSchema, labPanelSchema, outreachSchema, refusedPanelValues, waiveSchema } from "@/lib/validation/lab";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];

export const recordLabPanelAction = defineAction({
  permission: "labs.write",
  schema: labPanelSchema,
  // A date refused by the schema does not hold back the values' problems: the answer names both.
  alsoRefused: (submitted, { user }) => labPanelValueProblems(user, refusedPanelValues(submitted)),
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const { inserted, flagged, pregnancyNotNegative } = await recordLabPanel(user, input, clinicToday());
    if (inserted === 0) return "These results were already recorded; nothing was added.";
    // The day repeated, so a wrong specimen date shows at once; abnormal results go to the dermatologist's list.
    const abnormal = flagged ? `; ${flagged} abnormal, listed for the dermatologist's review` : "";
    const saved = `${formatCount(inserted, "result")} recorded for ${formatDate(input.specimenDate)}${abnormal}.`;
    if (!pregnancyNotNegative) return saved;
    // Saved, but not routine: a pregnancy test that is not negative stops prescribing until a dermatologist decides,
    // whom a nurse tells; a dermatologist who recorded it decides.
    const next = pregnancyNotNegativeNextStep(can(user.role, "pregnancy.decide"));
    return { status: "ok", tone: "alert", message: `${saved} The pregnancy test is not negative: ${next}` };
  },
});

export const acknowledgeLabAction = defineAction({
  permission: "labs.acknowledge",
  schema: acknowledgeSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => reviewMessage(input.reviewAction, await acknowledgeLab(user, input, clinicToday())),
});

/**
 * What a review did: the repeat it listed, or, after "Dose reduced", where to record the new dose (the review
 * changes none), or that there is no course in progress to change.
 */
function reviewMessage(action: ReviewAction | undefined, outcome: ReviewOutcome | null): string | ActionState {
  const repeat = outcome?.repeat;
  // A result of the test collected after the reviewed one may already be on file: the repeat is then done.
  if (repeat?.completedOn)
    return `Result reviewed. ${repeat.label} is listed under Monitoring as completed: a result of this test collected ${formatDate(repeat.completedOn)} is already on file.`;
  // A corrected result may have taken over the repeat asked for at the review of the result it corrects: it stays.
  const earlier = repeat?.alreadyListed
    ? ` The repeat asked for when the result it corrects was reviewed stays listed too, due ${formatDate(repeat.alreadyListed)}; a later result of this test completes both.`
    : "";
  if (repeat) return `Result reviewed. ${repeat.label} is listed under Monitoring, due ${formatDate(repeat.dueDate)}.${earlier}`;
  if (!outcome || action !== "DOSE_REDUCED") return "Result reviewed.";
  const course = outcome.doseCourse;
  if (!course) return "Result reviewed. This patient has no course in progress, so there is no dose to change; the review changed none.";
  return {
    status: "ok",
    message: "Result reviewed. The review changes no dose: record the new dose on the course.",
    next: {
      href: `/patients/${outcome.patientId}#${changeDoseAnchor(course.id)}`,
      label: `Change the dose of the course started ${formatDate(course.startDate)}`,
    },
  };
}

export const waiveItemAction = defineAction({
  permission: "monitoring.waive",
  schema: waiveSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await waiveItem(user, input, clinicToday());
    return "Item waived.";
  },
});

/**
 * An outreach call about the items ticked (the worklist's form or the patient page's): one note per item, all
 * with the call's id in one transaction, or none when any is no longer open.
 */
export const addOutreachNoteAction = defineAction({
  permission: "monitoring.outreach",
  schema: outreachSchema,
  revalidate: AFFECTED,
  run: async ({ itemKey, ...input }, { user }) => {
    const ids = await addOutreachNotes(user, { ...input, itemKeys: itemKey }, clinicToday());
    return ids.length === 1 ? "Outreach noted." : `Outreach noted for ${formatCount(ids.length, "item")}.`;
  },
});
