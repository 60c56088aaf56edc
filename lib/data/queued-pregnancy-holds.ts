import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { QUEUED_LAB_RESULT_MESSAGE } from "@/lib/domain/pregnancy";
import { needsDermatologist } from "@/lib/hl7/interpret";
import { assertCan, type Viewer } from "./viewer";

/** What needsDermatologist reads of a waiting entry's parsed observation (lib/hl7/oru.ts), as the pregnancy history reads it. */
const observation = z.object({ value: z.string(), valueText: z.string(), status: z.string() });

/** A patient whose prescribing a laboratory's pregnancy test waiting in the queue stops, named, with the sentence that says so. */
export interface QueuedPregnancyHold {
  patientId: string;
  patientName: string;
  text: string;
}

/**
 * The patients whose prescribing is stopped by a laboratory's pregnancy test waiting in the queue for a
 * dermatologist (matched, or held for the one patient with the message's MRN when the date of birth differs):
 * the entries the pregnancy-prevention rules count (lib/data/pregnancy-history.ts), by needsDermatologist's
 * rule. The longest waiting first, at most `limit`, and how many patients in all (`total`). One query on the
 * queue's pending holds (the partial index hl7_queue_entries_pending_hold_idx): the few pending pregnancy
 * tests, never the patients.
 */
export async function listQueuedPregnancyHolds(viewer: Viewer, limit: number): Promise<{ rows: QueuedPregnancyHold[]; total: number }> {
  assertCan(viewer, "labs.acknowledge");
  const entries = await db.hl7QueueEntry.findMany({
    where: { status: "PENDING", pregnancyTest: true, holdsPatientId: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { holdsPatientId: true, observation: true, holdsPatient: { select: { firstName: true, lastName: true } } },
  });
  const held = new Map<string, QueuedPregnancyHold>();
  for (const e of entries) {
    if (!e.holdsPatientId || !e.holdsPatient || held.has(e.holdsPatientId)) continue;
    const o = observation.safeParse(e.observation);
    // An observation not read as parsed still stops prescribing until reviewed: only a plain final negative does not.
    if (o.success && !needsDermatologist(o.data, true)) continue;
    const { firstName, lastName } = e.holdsPatient;
    held.set(e.holdsPatientId, { patientId: e.holdsPatientId, patientName: `${lastName}, ${firstName}`, text: QUEUED_LAB_RESULT_MESSAGE });
  }
  const rows = [...held.values()];
  return { rows: rows.slice(0, limit), total: rows.length };
}
