import { conflict } from "@/lib/errors";

/**
 * A waiting pregnancy test holds a patient's prescribing (holdsPatientId), and filing it (attached or dismissed)
 * recomputes that patient's items under her locks, taken before anything is written (lib/data/locks.ts). The
 * hold is read before those locks: a registration or MRN edit may make the test hold a patient meanwhile
 * (holdWaitingPregnancyTests, hl7-queue-holds.ts). Filing then writes the entry only while it still holds whom
 * it read (HoldMoved otherwise, rolling the transaction back), and is tried again from the start, reading the
 * hold anew: the patient it holds when it is filed is the one whose items are recomputed.
 */
export class HoldMoved extends Error {
  constructor() {
    super("The waiting result came to hold another patient's prescribing meanwhile.");
  }
}

const ATTEMPTS = 3;

/** Runs `file` again while the hold it read moved; past a few tries, asks the user to try again. */
export async function whileHoldStays<T>(file: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await file();
    } catch (e) {
      if (!(e instanceof HoldMoved)) throw e;
      if (attempt === ATTEMPTS) throw conflict("This result changed while it was being filed: reload the page and try again.");
    }
  }
}
