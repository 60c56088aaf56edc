import type { DoseCounting } from "@/lib/domain/dosing/supply";
import type { Programme } from "@/lib/domain/pregnancy/rules";
import type { ConfigKind, Hl7QueueReason, ImportStatus, LabValueKind } from "@/lib/generated/prisma/enums";
import type { JobName, JobState } from "@/lib/jobs/queues";

/**
 * What the pages that run the clinic call their values, rather than a patient's care: the clinic
 * settings, the lab catalogue, the data coming in (migration files, and the laboratory's results that
 * wait in the review queue) and the background jobs. Pure data, as lib/labels.ts is; its toOptions turns
 * these maps into a form's choices too.
 */

/** Each kind of clinic settings: as a heading, and within a sentence ("New lab thresholds saved"). */
export const CONFIG_KIND_LABELS: Record<ConfigKind, string> = {
  MONITORING_PROTOCOL: "Monitoring protocol",
  LAB_THRESHOLDS: "Lab flag thresholds",
  DOSING: "Dosing",
  PREGNANCY_PREVENTION: "Pregnancy prevention",
};
export const CONFIG_KIND_NAMES: Record<ConfigKind, string> = {
  MONITORING_PROTOCOL: "monitoring protocol",
  LAB_THRESHOLDS: "lab thresholds",
  DOSING: "dosing settings",
  PREGNANCY_PREVENTION: "pregnancy-prevention settings",
};

export const PROGRAMME_LABELS: Record<Programme, string> = { US_IPLEDGE: "US iPLEDGE REMS", EU_PPP: "EU/UK Pregnancy Prevention Programme" };

/** How the cumulative dose counts: what was prescribed, or only the days a prescription supplied. */
export const DOSE_COUNTING_LABELS: Record<DoseCounting, string> = {
  SCHEDULE: "Every scheduled day (by schedule)",
  SUPPLY: "Only days a prescription supplied (by supply)",
};

export const LAB_VALUE_KIND_LABELS: Record<LabValueKind, string> = { QUANTITATIVE: "Number", QUALITATIVE: "Negative / positive" };

/** Where a migration file stands: uploaded and previewed, imported, or left (a newer upload replaced it). */
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = { PREVIEWED: "Previewed, not imported", IMPORTED: "Imported", ABANDONED: "Not imported" };

/** Why an imported result waits for a nurse in the review queue. */
export const HL7_QUEUE_REASON_LABELS: Record<Hl7QueueReason, string> = {
  UNMATCHED: "No patient with this MRN",
  AMBIGUOUS: "More than one patient matches",
  DOB_MISMATCH: "Date of birth does not match the MRN",
  IMPLAUSIBLE: "Value outside physiological limits",
  UNKNOWN_TEST: "Test not in the catalogue",
  UNKNOWN_UNIT: "Unit missing or not accepted for the test",
  CORRECTION: "Correction to review",
  RETRACTED: "Retracted by the laboratory",
  PRELIMINARY: "Preliminary result",
  NOT_FINAL: "Result not final",
  CONTROL_ID_REUSED: "Message id used before",
  COLLECTION_DATE_MISSING: "Collection date missing",
  VOIDED_ON_CHART: "Voided on the chart",
  OTHER_RESULT_IN_MESSAGE: "Another result of this test and date in the message",
  VALUE_NOT_READABLE: "Value not readable",
  FUTURE_DATE: "Specimen date in the future",
};

/** Background jobs (lib/jobs/queues.ts) and their states, on /admin/jobs. */
export const JOB_NAME_LABELS: Record<JobName, string> = {
  "daily-refresh": "Daily refresh",
  "settings-recompute": "Settings recompute",
  "reminders-dispatch": "Reminders sending",
  "saved-searches-expire": "Expired searches removal",
};
export const JOB_STATE_LABELS: Record<JobState, string> = {
  created: "Waiting",
  retry: "Waiting to retry",
  active: "Running",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};
