"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { formatCount, formatDate } from "@/lib/format";
import { addOutreachNote } from "@/lib/data/add-outreach-note";
import { acknowledgeLab, recordLabPanel } from "@/lib/data/labs";
import { waiveItem } from "@/lib/data/waive-item";
import { acknowledgeSchema, labPanelSchema, outreachSchema, waiveSchema } from "@/lib/validation/lab";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];

export const recordLabPanelAction = defineAction({
  permission: "labs.write",
  schema: labPanelSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const { inserted, flagged, pregnancyNotNegative } = await recordLabPanel(user, input, clinicToday());
    if (inserted === 0) return "These results were already recorded; nothing was added.";
    // The day repeated, so a wrong specimen date shows at once; abnormal results go to the dermatologist's list.
    const abnormal = flagged ? `; ${flagged} abnormal, listed for the dermatologist's review` : "";
    const saved = `${formatCount(inserted, "result")} recorded for ${formatDate(input.specimenDate)}${abnormal}.`;
    if (!pregnancyNotNegative) return saved;
    // Saved, but not routine: a pregnancy test that is not negative stops prescribing until a dermatologist decides.
    return { status: "ok", tone: "alert", message: `${saved} The pregnancy test is not negative: prescribing is stopped. Tell the dermatologist today.` };
  },
});

export const acknowledgeLabAction = defineAction({
  permission: "labs.acknowledge",
  schema: acknowledgeSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await acknowledgeLab(user, input);
    return "Result reviewed.";
  },
});

export const waiveItemAction = defineAction({
  permission: "monitoring.waive",
  schema: waiveSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await waiveItem(user, input, clinicToday());
    return "Item waived.";
  },
});

export const addOutreachNoteAction = defineAction({
  permission: "monitoring.outreach",
  schema: outreachSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await addOutreachNote(user, input, clinicToday());
    return "Outreach noted.";
  },
});
