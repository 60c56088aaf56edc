import { z } from "zod";
import { ACTIONABLE_STATUSES, ITEM_KINDS } from "@/lib/domain/monitoring/items";
import { REMINDER_CHANNELS } from "@/lib/reminders/eligibility";
import { checkbox, recordVersion, repeatedField, uuid } from "./common";
import { searchTerm } from "./search";
import { SORT_DIRECTIONS } from "./sort";

/** The item-level worklist's orders (the dashboard's overdue list): most overdue first, by due date, by name. */
export const WORKLIST_SORTS = ["days", "due", "name"] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

/**
 * The patient worklist's sortable columns: earliest due item, patient name, MRN, number of open items,
 * clinician, last contact (outreach note or reminder).
 */
export const WORKLIST_COLUMNS = ["due", "name", "mrn", "items", "clinician", "contact"] as const;
export type WorklistColumn = (typeof WORKLIST_COLUMNS)[number];

/** The worklist's filters and order: in its address, and posted by its form. Anything malformed falls back to its default. */
const worklistFilters = {
  kind: z.enum(ITEM_KINDS).optional().catch(undefined),
  status: z.enum(ACTIONABLE_STATUSES).optional().catch(undefined),
  clinician: uuid.optional().catch(undefined),
  sort: z.enum(WORKLIST_COLUMNS).catch("due"),
  dir: z.enum(SORT_DIRECTIONS).catch("asc"),
};

/**
 * The worklist's query string. Never throws. A search is the id of a saved search (lib/data/saved-searches.ts),
 * never the term.
 */
export const worklistQuerySchema = z.object({
  search: uuid.optional().catch(undefined),
  ...worklistFilters,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
/** The worklist's search form: what was typed (kept as a saved search, out of the address) and the filters. */
export const worklistSearchSchema = z.object({ q: searchTerm, ...worklistFilters });
export type WorklistParams = z.infer<typeof worklistQuerySchema>;

/** At most this many patients in one bulk reminder (a page of the worklist is 25). */
export const MAX_BULK_REMINDERS = 50;

/** One id or several (repeated form fields arrive as an array). */
const patientIds = repeatedField(
  z.array(uuid).min(1, "Select at least one patient.").max(MAX_BULK_REMINDERS, `Select at most ${MAX_BULK_REMINDERS} patients at a time.`),
);

export const sendRemindersSchema = z.object({
  patientId: patientIds,
  channel: z.enum(REMINDER_CHANNELS, { error: "Choose email or text message." }),
});

/** Do-not-contact choices; an unticked box is absent from the form, so every box is sent with the form. */
export const contactPreferencesSchema = z.object({
  patientId: uuid,
  /** The patient's version the form was opened at: a choice saved since is not undone by it. */
  version: recordVersion,
  doNotEmail: checkbox,
  doNotText: checkbox,
  doNotCall: checkbox,
});
