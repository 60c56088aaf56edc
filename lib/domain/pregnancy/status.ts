import { formatDate } from "@/lib/format";
import { PREGNANCY_CATEGORY_LABELS } from "@/lib/labels";
import { addDays, daysBetween, type IsoDate } from "../dates";
import { isActionable, type MonitoringItem } from "../monitoring/items";
import { dispenseNote, type DispenseHold } from "./dispensing";
import { categoryOn, contraceptionCovers, testsNotYetUsed, type PregnancyCategory, type PregnancyHistory, type PregnancyTest } from "./history";
import { prescribingStop, undecidedTests, windowTest } from "./pregnancy-tests";
import type { RulesOn } from "./rules";

export interface PregnancyStatus {
  category: PregnancyCategory;
  ruleSetName: string;
  /** A positive or indeterminate test without a dermatologist's decision: prescribing stopped, review needed. */
  undecidedTest: PregnancyTest | null;
  /** Prescribing is stopped by a positive test (decided or not) that no later negative test has answered. */
  prescribingStopped: boolean;
  /** Earliest open pregnancy-test item. */
  nextTestDue: IsoDate | null;
  /** Last day a prescription may be written on the latest qualifying negative test no prescription has used; null when none is open. */
  windowClosesOn: IsoDate | null;
  /** The latest prescription's last dispensing day, while it is still ahead or today and nothing holds it. */
  dispenseBy: { prescriptionId: string; date: IsoDate } | null;
  /** Instead of dispenseBy: the latest prescription could still be dispensed by its date, but must not be. */
  doNotDispense: { prescriptionId: string; reasons: DispenseHold[]; text: string } | null;
  contraceptionDocumented: boolean;
  lastCounseling: IsoDate | null;
  /** One line for the banner, without any result: every role may read it. */
  summary: string;
}

const countdown = (date: IsoDate, asOf: IsoDate) => {
  const n = daysBetween(asOf, date);
  return n === 0 ? "last day" : n === 1 ? "1 day left" : `${n} days left`;
};

/** The latest live prescription, as stored, with its holds on the day. */
export interface LatestDispensable {
  prescriptionId: string;
  /** Its last dispensing day; null where the rules set it no fill limit (a patient who cannot become pregnant, 2026). */
  date: IsoDate | null;
  /**
   * Without a dispense-by date: its supply's last day while its course is in progress (it may be dispensed until
   * then, as the FHIR export reads it), null otherwise.
   */
  supplyEnds?: IsoDate | null;
  /** The day the pharmacy dispensed it, when recorded (absent: not recorded), and its refills: what is left to dispense. */
  dispensedOn?: IsoDate | null;
  refills?: number;
  /**
   * Why it must not be dispensed on the day (prescriptionHolds, dispensing.ts), while it is still dispensable
   * (latestStillDispensable): computed once with every live prescription's (lib/data/prescription-holds.ts), not here.
   */
  holds: readonly DispenseHold[];
}

/** Is the latest prescription still dispensable on `asOf`: by its dispense-by date, or, without one, while its supply lasts? */
export const latestStillDispensable = (l: Pick<LatestDispensable, "date" | "supplyEnds">, asOf: IsoDate) => (l.date ?? l.supplyEnds ?? "") >= asOf;

/**
 * The pregnancy-prevention status of a patient on a day, for the banner on every page of that patient.
 * Prescribing is stopped by the prescribing check's own rule (prescribingStop), whatever the category. While it
 * is, or once the prescription's own test, or the contraception or counseling it was written on, was voided, or
 * once a patient it was written for, on no test, as unable to become pregnant can become pregnant
 * (dispensing.ts; `latest.holds`, computed by the caller), a prescription still within its dispense-by date (one
 * without, while its supply lasts) is shown as "do not dispense" instead of a countdown; once dispensed, with
 * neither, unless its refills are held ("do not dispense a refill").
 */
export function pregnancyStatus(
  h: PregnancyHistory,
  items: readonly Pick<MonitoringItem, "kind" | "status" | "dueDate">[],
  asOf: IsoDate,
  rulesOn: RulesOn,
  latest: LatestDispensable | null,
): PregnancyStatus {
  const r = rulesOn(asOf);
  const category = categoryOn(h, asOf);
  const lastCounseling =
    h.counseling
      .map((c) => c.date)
      .filter((d) => d <= asOf)
      .sort()
      .at(-1) ?? null;
  const stop = prescribingStop(h, asOf, rulesOn);
  const stopped = stop !== null;
  const current = latest && latestStillDispensable(latest, asOf) ? latest : null;
  // Once dispensed, no countdown (it was filled), and a hold speaks only of its refills (dispenseNote).
  const note = current ? dispenseNote({ dispensedOn: current.dispensedOn, refills: current.refills ?? 0 }, current.holds) : null;
  const dispenseBy = current?.date && current.holds.length === 0 && !note?.dispensedOn ? { prescriptionId: current.prescriptionId, date: current.date } : null;
  const doNotDispense = current && note?.hold ? { prescriptionId: current.prescriptionId, reasons: [...current.holds], text: note.hold } : null;
  if (category === "CANNOT_BECOME_PREGNANT" && !stopped) {
    const summary = [
      PREGNANCY_CATEGORY_LABELS.CANNOT_BECOME_PREGNANT,
      dispenseBy ? `dispense by ${formatDate(dispenseBy.date)} (${countdown(dispenseBy.date, asOf)})` : null,
    ]
      .filter(Boolean)
      .join(" · ");
    return {
      category,
      ruleSetName: r.name,
      undecidedTest: null,
      prescribingStopped: false,
      nextTestDue: null,
      windowClosesOn: null,
      dispenseBy,
      doNotDispense,
      contraceptionDocumented: false,
      lastCounseling,
      summary,
    };
  }
  const undecided = undecidedTests(h, asOf)[0] ?? null;
  const nextTestDue =
    items
      .filter((i) => i.kind.startsWith("PREG_") && i.kind !== "PREG_REVIEW" && (isActionable(i) || i.status === "NOT_DUE"))
      .map((i) => i.dueDate)
      .sort()[0] ?? null;
  const onTreatment = h.courses.some((c) => c.prescriptions.length > 0 && (c.endDate === null || c.endDate >= asOf));
  // A window open for a prescription: on a test no prescription has used yet (each rests on its own).
  const test = stopped
    ? null
    : windowTest(testsNotYetUsed(h, h.tests), asOf, r.prescriptionWindowDays, onTreatment ? r.treatmentSettings : r.screeningSettings);
  const windowClosesOn = test ? addDays(test.specimenDate, r.prescriptionWindowDays - 1) : null;
  const contraceptionDocumented = contraceptionCovers(h.contraception, asOf, asOf);
  const canBecomePregnant = category === "CAN_BECOME_PREGNANT";
  const parts = [
    PREGNANCY_CATEGORY_LABELS[category],
    // Undecided (or a laboratory's result unreviewed): a dermatologist's review; decided: a later test answering it.
    // Neither names the outcome: every role that sees the banner reads it.
    stop ? (stop === "REVIEW" ? "prescribing stopped: dermatologist review" : "prescribing stopped until a later pregnancy test") : null,
    nextTestDue ? `next test due ${formatDate(nextTestDue)}` : null,
    windowClosesOn ? `prescription window closes ${formatDate(windowClosesOn)}` : null,
    dispenseBy ? `dispense by ${formatDate(dispenseBy.date)} (${countdown(dispenseBy.date, asOf)})` : null,
    contraceptionDocumented || !canBecomePregnant ? null : "contraception not documented",
  ];
  return {
    category,
    ruleSetName: r.name,
    undecidedTest: undecided,
    prescribingStopped: stopped,
    nextTestDue,
    windowClosesOn,
    dispenseBy,
    doNotDispense,
    contraceptionDocumented,
    lastCounseling,
    summary: parts.filter(Boolean).join(" · "),
  };
}
