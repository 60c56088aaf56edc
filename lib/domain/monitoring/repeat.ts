import { formatDate } from "@/lib/format";
import { withArticle } from "@/lib/articles";
import { ANALYTE_LABELS } from "@/lib/labels";
import { addDays, daysBetween, type IsoDate } from "../dates";
import type { Flag } from "./flags";
import { itemBuilder, type MonitoringItem, type Waiver } from "./items";

/**
 * A repeat test asked for by a dermatologist's review of a result (docs/DOMAIN.md "Repeat tests asked for by
 * a review"): a dated item, due on the day the dermatologist chose, with the due-soon and overdue days of the
 * protocol's lab items (the version in force on its due date, as the renewal item's). Any later result of the
 * same analyte completes it: collected after the reviewed result's specimen date, and not voided. The reviewed
 * result itself, a copy of it, an earlier result or a voided one does not. While the reviewed result is voided
 * the request lists nothing. It belongs to no course: the dermatologist asked for it whatever the course's
 * status, so it stays listed, open until done or waived, then completed or waived. When the reviewed result is
 * corrected (by hand or by the laboratory), the request follows the correction while it is still abnormal
 * (repeatFollowsCorrection), and stays with the voided result when it is normal.
 */
export interface RepeatRequest {
  id: string;
  /** The reviewed result: its analyte, its test's name, its specimen date, and whether it is voided. */
  analyte: string;
  testName: string;
  specimenDate: IsoDate;
  voided: boolean;
  dueDate: IsoDate;
}

/** A result that may complete a repeat: only its analyte, specimen date and whether it is voided. */
export interface RepeatResult {
  analyte: string;
  specimenDate: IsoDate;
  voided: boolean;
}

export interface RepeatInputs {
  requests: RepeatRequest[];
  results: RepeatResult[];
}

/** The days a dermatologist may give: the form's default and its bounds, counted from the review's day. */
export const REPEAT_DEFAULT_DAYS = 14;
export const REPEAT_MAX_DAYS = 90;

/** When the repeat is due, as the form gives it: a number of days from the review, or a date. */
export type RepeatWhen = { inDays: number } | { on: IsoDate };

/** The dates a repeat asked for on `asOf` may be due: from tomorrow to 90 days ahead (the form's date bounds too). */
export const repeatDateBounds = (asOf: IsoDate) => ({ min: addDays(asOf, 1), max: addDays(asOf, REPEAT_MAX_DAYS) });

/** The due date of a repeat asked for on `asOf`, or why it is refused: 1 to 90 days ahead. */
export function repeatDueDate(when: RepeatWhen, asOf: IsoDate): { ok: true; dueDate: IsoDate } | { ok: false; message: string } {
  const dueDate = "on" in when ? when.on : addDays(asOf, when.inDays);
  const days = daysBetween(asOf, dueDate);
  if (days >= 1 && days <= REPEAT_MAX_DAYS) return { ok: true, dueDate };
  return {
    ok: false,
    message:
      "on" in when
        ? `Choose a date from tomorrow to ${formatDate(repeatDateBounds(asOf).max)} (at most ${REPEAT_MAX_DAYS} days ahead).`
        : `Enter a whole number of days from 1 to ${REPEAT_MAX_DAYS}.`,
  };
}

/**
 * Whether the repeats asked for at the review of a result follow its correction (a corrected value entered by
 * hand, or the laboratory's corrected result): only when the corrected result is still abnormal, its flag
 * (lib/domain/monitoring/flags.ts, as the alert lists read it: a correction that repeats a result on file is
 * that result, by its own range) anything but normal, above or below the lab's range included. The abnormal value the repeat was asked for stands, corrected; a normal one no longer asks for
 * it (the product's choice: the review's reason is gone, and the correction says so to whoever made it).
 */
export const repeatFollowsCorrection = (correctionFlag: Flag) => correctionFlag !== "NORMAL";

/** A repeat as the answer to a correction names it: its item's label and its due date (and, on the upload page, its patient). */
export interface RepeatShown {
  label: string;
  dueDate: IsoDate;
  /** The patient, where one answer may cover several (an uploaded file): name and MRN, shown on the page only. */
  patient?: { name: string; mrn: string };
}

/** What corrections did to the repeats asked for at their results' reviews: still listed, or no longer listed. */
export interface RepeatsAfterCorrection {
  stillListed: RepeatShown[];
  noLongerListed: RepeatShown[];
}

/**
 * The sentences that tell whoever corrected or voided a result what became of the repeats asked for at its review,
 * one per repeat; empty when there were none: "Repeat triglycerides (after the result of 20 Nov 2026), asked for
 * when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal." A void
 * (`kind` "voided") says "the result is marked as entered in error" instead; a repeat naming its patient starts
 * with them ("Diaz, Ana (MRN 100234): Repeat…").
 */
export function repeatsAfterCorrectionText(r: RepeatsAfterCorrection | null, kind: "corrected" | "voided" = "corrected"): string[] {
  if (!r) return [];
  const asked = (x: RepeatShown) => `${x.patient ? `${x.patient.name} (MRN ${x.patient.mrn}): ` : ""}${x.label}, asked for when the result was reviewed,`;
  const gone = kind === "voided" ? "the result is marked as entered in error" : "the corrected result is normal";
  return [
    ...r.stillListed.map((x) => `${asked(x)} stays listed under Monitoring, due ${formatDate(x.dueDate)}: the corrected result is still abnormal.`),
    ...r.noLongerListed.map((x) => `${asked(x)} is no longer listed under Monitoring: ${gone}.`),
  ];
}

/** The test as the item names it: the analyte's name where the protocol knows it, else the test's own. */
function testWords(r: Pick<RepeatRequest, "analyte" | "testName">): string {
  const name = ANALYTE_LABELS[r.analyte as keyof typeof ANALYTE_LABELS] ?? r.testName;
  // "Triglycerides" reads "triglycerides" within the label; "ALT" and "LDL cholesterol" stay as they are.
  return /^[A-Z][a-z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : name;
}

/** The item's label: "Repeat triglycerides (after the result of 5 Jan 2027)"; it says nothing of the result, which office staff also read on the worklist. */
export const repeatLabel = (r: Pick<RepeatRequest, "analyte" | "testName" | "specimenDate">) =>
  `Repeat ${testWords(r)} (after the result of ${formatDate(r.specimenDate)})`;

/** The key of a request's item (waivers and notes name it). */
export const repeatItemKey = (requestId: string) => `repeat:${requestId}:lab`;

/** The earliest current result of the analyte collected after `after`; null if none. */
function firstLater(results: readonly RepeatResult[], analyte: string, after: IsoDate): IsoDate | null {
  const dates = results
    .filter((x) => !x.voided && x.analyte === analyte && x.specimenDate > after)
    .map((x) => x.specimenDate)
    .sort();
  return dates[0] ?? null;
}

/** The items of a patient's repeat requests on `asOf`. */
export function repeatItems(
  inputs: RepeatInputs | undefined,
  asOf: IsoDate,
  waivers: readonly Waiver[],
  /** The protocol's lab-item windows in force on any day (a ProtocolOn). */
  windowsOn: (date: IsoDate) => { dueSoonDays: number; overdueAfterDays: number },
): MonitoringItem[] {
  if (!inputs) return [];
  return inputs.requests
    .filter((r) => !r.voided)
    .map((r) => {
      const windows = windowsOn(r.dueDate);
      const done = firstLater(inputs.results, r.analyte, r.specimenDate);
      const test = testWords(r);
      const item = itemBuilder(
        asOf,
        waivers,
        windows.dueSoonDays,
      )({
        kind: "LAB_REPEAT",
        courseId: null,
        key: repeatItemKey(r.id),
        dueDate: r.dueDate,
        completedOn: done,
        overdueAfterDays: windows.overdueAfterDays,
        reasonOpen: `Asked for when the result of ${formatDate(r.specimenDate)} was reviewed; ${withArticle(`${test} result`)} collected after that day completes it.`,
        reasonDone: `Repeat ${test} collected ${done ? formatDate(done) : ""}.`,
      });
      return { ...item, label: repeatLabel(r) };
    });
}
