import "server-only";
import { invalidField } from "@/lib/errors";
import { needsCollectionDate } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";

export const COLLECTION_DATE_REQUIRED =
  "Enter the date the specimen was collected, from the laboratory's report: the laboratory sent this pregnancy test without one.";
export const COLLECTION_DATE_AFTER_MESSAGE = "The collection date cannot be after the day the laboratory sent the result.";
export const COLLECTION_DATE_IN_FUTURE = "The collection date cannot be in the future.";
export const COLLECTION_DATE_NOT_ASKED = "These results carry their collection date from the laboratory: leave the collection date empty.";

/**
 * A waiting observation as it is attached. A pregnancy test the laboratory sent without a collection date
 * (needsCollectionDate: its specimen date is the message's own) takes the date entered from the laboratory's
 * report, which cannot be after the message or today; it is never filed on the message's date. Any other
 * observation keeps its date. `byHand`: the date was entered by the person attaching it.
 */
export function attachedObservation(o: Observation, pregnancyTest: boolean, collectionDate: string | undefined, today: string) {
  if (!needsCollectionDate(o, pregnancyTest)) return { o, byHand: false };
  if (!collectionDate) throw invalidField("collectionDate", COLLECTION_DATE_REQUIRED);
  if (collectionDate > today) throw invalidField("collectionDate", COLLECTION_DATE_IN_FUTURE);
  if (collectionDate > o.specimenDate) throw invalidField("collectionDate", COLLECTION_DATE_AFTER_MESSAGE);
  return { o: { ...o, specimenDate: collectionDate }, byHand: true };
}
