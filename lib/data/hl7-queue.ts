import "server-only";
import { db } from "@/lib/db";
import type { LabThresholds } from "@/lib/domain/monitoring/flags";
import { needsCollectionDate, resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { writeAudit, type AuditActor } from "./audit";
import { getThresholds } from "./config";
import { cachedCount } from "./count-cache";
import { catalogueTestOf, queuePatients, type CatalogueTest } from "./hl7-observation";
import { queueCritical } from "./hl7-queue-critical";
import { unitsToChoose } from "./hl7-unit";
import { assertCan, type Viewer } from "./viewer";

/** How many imported results wait for a nurse or dermatologist (the navigation's count). */
export async function countHl7Queue(viewer: Viewer): Promise<number> {
  if (viewer.role !== "NURSE" && viewer.role !== "DERMATOLOGIST") return 0;
  assertCan(viewer, "labs.write");
  // On every page of these roles (the navigation): kept per process until the queue changes (lib/data/count-cache.ts).
  return cachedCount("hl7_queue_entries", "pending", () => db.hl7QueueEntry.count({ where: { status: "PENDING" } }));
}

/**
 * Queued results that are attached together: those of one message naming one patient (a message may name
 * several). The queue page groups by it, and attaching several refuses results that do not share it.
 */
export const attachedTogetherKey = (e: { messageId: string; mrn: string; birthDate: string }) => `${e.messageId}|${e.mrn}|${e.birthDate}`;

const queueSelect = {
  id: true,
  reason: true,
  detail: true,
  mrn: true,
  birthDate: true,
  patientName: true,
  patientId: true,
  holdsPatientId: true,
  observation: true,
  pregnancyTest: true,
  createdAt: true,
  messageId: true,
  message: { select: { controlId: true, sendingFacility: true } },
} as const;

const PENDING = { status: "PENDING" } as const;
const ARRIVAL = [{ createdAt: "asc" as const }, { id: "asc" as const }];
/** How many waiting entries the search for the critical ones judges at a time. */
const SEARCH_BATCH = 500;

/** The clinic's thresholds in force on a specimen date (getThresholds), read once per date. */
function thresholdsByDate(): (date: string) => Promise<LabThresholds> {
  const read = new Map<string, Promise<LabThresholds>>();
  return (date) => {
    if (!read.has(date)) read.set(date, getThresholds(date));
    return read.get(date)!;
  };
}

/**
 * The ids of the oldest waiting critical entries (queueCritical), at most `limit`, in the order they arrived.
 *
 * Why judged here rather than stored or in SQL: whether a value is critical depends on the clinic's thresholds
 * in force on its specimen date (a version saved later, effective on or before that date, changes it) and on the
 * catalogue (the test its code names, its unit and range, a clinic-added test's critical level), not on
 * anything the entry holds; a flag stored at import would have to be recomputed whenever either changes, and a
 * SQL predicate would be a second copy of lib/domain/monitoring/flags.ts. So only the entries that may be
 * critical are read (waiting pregnancy tests, and waiting results under a code of one of the catalogue's
 * numeric tests: not those of an unknown or a qualitative test), without the patient's identifiers, a batch
 * at a time in the order they arrived, and the search stops once `limit` are found: at most one batch in
 * memory and, when fewer than `limit` are critical, each waiting numeric result read once. The queue holds
 * only what could not be filed, so that read stays small; the rows shown, with the patient as the message
 * names them, are read for the `limit` shown only.
 */
async function criticalIds(tests: CatalogueTest[], thresholdsOn: (date: string) => Promise<LabThresholds>, limit: number) {
  const codes = [...new Set(tests.filter((t) => t.kind === "QUANTITATIVE").map((t) => t.code))];
  const mayBeCritical = { OR: [{ pregnancyTest: true }, ...codes.map((code) => ({ observation: { path: ["code"], equals: code } }))] };
  const found: string[] = [];
  let last: { createdAt: Date; id: string } | undefined;
  while (found.length < limit) {
    const after = last ? [{ OR: [{ createdAt: { gt: last.createdAt } }, { createdAt: last.createdAt, id: { gt: last.id } }] }] : [];
    const batch = await db.hl7QueueEntry.findMany({
      where: { ...PENDING, AND: [mayBeCritical, ...after] },
      orderBy: ARRIVAL,
      take: SEARCH_BATCH,
      select: { id: true, createdAt: true, pregnancyTest: true, observation: true },
    });
    for (const e of batch) {
      const o = e.observation as unknown as Observation;
      if (found.length < limit && queueCritical(o, e.pregnancyTest, tests, await thresholdsOn(o.specimenDate)).critical) found.push(e.id);
    }
    if (batch.length < SEARCH_BATCH) break;
    last = batch.at(-1);
  }
  return found;
}

/**
 * Imported results waiting for a nurse, with the patient as the message names them (MRN, date of birth,
 * name) and the patient it matched, if any: clinical roles only. Critical entries first (a pregnancy test
 * that is not a plain final negative, which only a dermatologist dismisses; a value at a critical level of
 * the clinic's thresholds in force on its specimen date, or a number sent without its unit that is critical in
 * a unit it could be in: lib/data/hl7-queue-critical.ts), then the oldest first; the critical ones are looked for
 * apart (criticalIds), so that none is left beyond the limit. The view is recorded with the entries shown
 * (ids only).
 */
export async function listHl7Queue(viewer: AuditActor, limit = 100) {
  assertCan(viewer, "labs.write");
  const thresholdsOn = thresholdsByDate();
  const [tests, total] = await Promise.all([db.labTest.findMany(), db.hl7QueueEntry.count({ where: PENDING })]);
  const critical = await criticalIds(tests, thresholdsOn, limit);
  const [first, others] = await Promise.all([
    db.hl7QueueEntry.findMany({ where: { ...PENDING, id: { in: critical } }, orderBy: ARRIVAL, select: queueSelect }),
    db.hl7QueueEntry.findMany({ where: { ...PENDING, id: { notIn: critical } }, orderBy: ARRIVAL, take: limit - critical.length, select: queueSelect }),
  ]);
  const shown = await Promise.all(
    [...first, ...others].map(async (r) => {
      const observation = r.observation as unknown as Observation;
      const status = resultStatus(observation.status ?? "");
      return {
        ...r,
        observation,
        ...queueCritical(observation, r.pregnancyTest, tests, await thresholdsOn(observation.specimenDate)),
        /** Final or corrected: a result that can be attached (a retracted or preliminary one is only dismissed). */
        attachable: status === "FINAL" || status === "CORRECTED",
        /** A pregnancy test sent without a collection date: attached only with the date from the laboratory's report. */
        needsCollectionDate: needsCollectionDate(observation, r.pregnancyTest),
        /** A number sent without its unit: attached only with one of these, chosen from the laboratory's report. */
        unitChoices: unitsToChoose(observation, catalogueTestOf(observation, tests)),
      };
    }),
  );
  // One found critical since the search (just imported) is listed with the critical ones too.
  const rows = [...shown.filter((r) => r.critical), ...shown.filter((r) => !r.critical)];
  await db.$transaction((tx) =>
    writeAudit(tx, viewer, {
      action: "patients.view_list",
      entityType: "Hl7QueueEntry",
      entityId: "lab-queue",
      // The patients shown (matched, or held by a pregnancy test), so the trail's patient filter finds the view.
      changes: { section: "lab-queue", queueEntryIds: rows.map((r) => r.id), patientIds: queuePatients(rows), count: rows.length, total },
    }),
  );
  return { rows, total };
}
