import { can, type Role } from "@/lib/auth/permissions";
import type { NamedMessage, NamedUrgent } from "@/lib/data/import-hl7-outcome";
import { pregnancyNotNegativeNextStep } from "@/lib/domain/pregnancy/not-negative";
import { formatDate } from "@/lib/format";
import { qualitativeValue, resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { QUALITATIVE_RESULT_LABELS } from "@/lib/labels";
import type { Hl7Outcome } from "@/lib/validation/action-result";

/*
 * The upload page's answer for each message, in the words of the clinic: first what needs the clinic today
 * (lib/data/import-hl7-urgent.ts), each line saying what it is and what this uploader does about it.
 */

const STATUS_WORDS: Partial<Record<ReturnType<typeof resultStatus>, string>> = {
  CORRECTED: "corrected",
  RETRACTED: "retracted by the laboratory",
  PRELIMINARY: "preliminary",
  NOT_FINAL: "not final",
};

/** A waiting pregnancy test as the laboratory sent it: "hCG urine: Positive", its status when not final. */
function pregnancyTestText(o: Observation): string {
  const read = qualitativeValue(o);
  const sent = [o.value, o.valueText].filter(Boolean).join(" ");
  const value = read ? QUALITATIVE_RESULT_LABELS[read] : `"${sent}", not a result the portal can read`;
  const status = STATUS_WORDS[resultStatus(o.status ?? "")];
  return `${o.codeText || o.code}: ${value}${status ? `, ${status}` : ""}`;
}

/**
 * What one result that needs the clinic today asks of this uploader: a dermatologist decides on a pregnancy test
 * (pregnancy.decide) and reviews a critical value (labs.acknowledge); anyone else tells the dermatologist today.
 */
export function urgentText(u: NamedUrgent, role: Role): string {
  const reviews = can(role, "labs.acknowledge");
  const decides = can(role, "pregnancy.decide");
  switch (u.kind) {
    case "PREGNANCY_ATTACHED":
      // The hand entry's next step (labs-actions.ts): the same test stops prescribing the same way.
      return `${QUALITATIVE_RESULT_LABELS[u.result]} pregnancy test, collected ${formatDate(u.specimenDate)}: ${pregnancyNotNegativeNextStep(decides)}`;
    case "CRITICAL_ATTACHED":
      return `Critical value: ${u.test}, ${u.reason}${u.sent ? ` (sent as ${u.sent})` : ""}. ${reviews ? "Review it today." : "Tell the dermatologist today."}`;
    case "CRITICAL_WAITING": {
      const told = reviews ? "" : ", and tell the dermatologist today";
      return `${u.badge}, waiting: ${u.detail.replace(/\.$/, "")}. It is on no chart until it is filed: file it today under Unfiled lab results${told}.`;
    }
    case "PREGNANCY_WAITING": {
      const effect = u.stopsPrescribing
        ? u.dobDiffers
          ? "the laboratory gave another date of birth than this patient's, so it may be another person's; her prescribing is stopped until it is reviewed."
          : "prescribing is stopped until it is reviewed."
        : u.patientId
          ? "it is not on the chart, so it serves no prescription until it is filed."
          : "it is on no patient's chart, so no prescribing check sees it.";
      const told = u.forDermatologist && !decides ? ", and tell the dermatologist today" : "";
      return `Pregnancy test waiting (${pregnancyTestText(u.observation)}): ${effect} File it today under Unfiled lab results${told}.`;
    }
  }
}

/** Each message as the page shows it: its patients named, and what needs the clinic today as this uploader reads it. */
export const uploadAnswer = (messages: NamedMessage[], role: Role): Hl7Outcome[] =>
  messages.map((m) => ({ ...m, urgent: m.urgent.map((u) => ({ kind: u.kind, patient: u.patient, mrn: u.mrn, text: urgentText(u, role) })) }));
