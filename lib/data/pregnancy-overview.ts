import "server-only";
import { cache } from "react";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clinicToday, daysFromDb, isoFromDb } from "@/lib/clinic";
import { can, type Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import {
  inUseOn,
  pregnancyStatus,
  type CategoryChange,
  type DispenseNote,
  type PregnancyCategory,
  type PregnancyStatus,
  type TestResult,
} from "@/lib/domain/pregnancy";
import { courseToStop, type CourseToStop } from "@/lib/domain/pregnancy/course-to-stop";
import { heldBy, prescribingStop } from "@/lib/domain/pregnancy/pregnancy-tests";
import type { ContraceptionMethod, PregnancyDecisionOutcome } from "@/lib/generated/prisma/enums";
import type { VoidInfo } from "./course-timeline";
import { getPatientMonitoring } from "./monitoring";
import { getPregnancyRules, requestPregnancyHistories } from "./pregnancy-history";
import { prescriptionsForHoldsSelect, dispensingOf } from "./prescription-holds";
import { assertCan, type Viewer } from "./viewer";

export interface PregnancyOverview {
  category: PregnancyStatus["category"];
  ruleSetName: string;
  summary: string;
  /**
   * Only a dermatologist's review lifts the stop of prescribing: a test awaiting a decision, a laboratory's
   * pregnancy test waiting in the queue, or a result the rules cannot read (every role sees that a review is needed).
   */
  reviewNeeded: boolean;
  /** Why, beside a test awaiting a decision (heldBy: a laboratory's test in the queue, a result the rules cannot read); no result named. */
  reviewReasons: { code: ReturnType<typeof heldBy>[number]["code"]; text: string }[];
  prescribingStopped: boolean;
  /** The latest prescription's dispense-by date while it may still be dispensed... */
  dispenseBy: PregnancyStatus["dispenseBy"];
  /** ...or, instead, why it must not be (every role that sees the date sees this; the text names no result). */
  doNotDispense: PregnancyStatus["doNotDispense"];
  /**
   * What is said under each live prescription a hold reaches or a pharmacy dispensed, by id (dispenseNote): why it
   * must not be dispensed ("Do not dispense: …"), or the day it was dispensed (and "Do not dispense a refill: …").
   */
  heldPrescriptions: Record<string, DispenseNote>;
  nextTestDue: string | null;
  windowClosesOn: string | null;
  /** Clinical roles only: the test that needs a decision, and the records behind the status. */
  clinical: {
    undecidedTest: { id: string; specimenDate: string; result: TestResult } | null;
    /** The course that still doses after today, for the banner to ask it stopped from today (null: none does). */
    courseToStop: CourseToStop | null;
    /** Voided records too, with who voided them, when and why: they stay in the history and count for nothing. */
    contraception: {
      id: string;
      method: ContraceptionMethod;
      methods: string;
      startDate: string;
      endDate: string | null;
      by: string;
      voided: VoidInfo | null;
    }[];
    /**
     * With the methods of the contraception record confirmed with the patient there (null: none confirmed),
     * whether that record was voided as entered in error since, and whether it was not in use on the
     * counseling's day (a row written outside the forms, or a record ended before that day by one entered
     * later): either way the confirmation counts for nothing (contraception-confirmation.ts).
     */
    counseling: {
      id: string;
      counseledOn: string;
      confirmationNumber: string | null;
      confirmedMethods: string | null;
      confirmedVoided: boolean;
      confirmedNotInUse: boolean;
      by: string;
      voided: VoidInfo | null;
    }[];
    decisions: { id: string; testDate: string; outcome: PregnancyDecisionOutcome; reason: string; decidedOn: string; by: string }[];
    categoryHistory: { id: string; category: PregnancyCategory; effectiveFrom: string; reason: string; by: string }[];
    /**
     * The category over time as the rules read it (the history's rows, or the patient's category since always
     * without any): the forms ask for the confirmation of contraception by the category of the day they are dated.
     */
    categories: CategoryChange[];
  } | null;
}

/**
 * The pregnancy-prevention status of one patient for the banner and the patient page, shaped for the
 * viewer's role: office staff get the category, the dates and whether a review is needed, never a test
 * result or the clinical records behind them (`clinical` is null). Administrators are refused.
 */
export async function getPregnancyOverview(viewer: Viewer, patientId: string, asOf: string): Promise<PregnancyOverview | null> {
  assertCan(viewer, "patients.read");
  return overviewFor(viewer.role, patientId, asOf);
}

const voidSelect = { voidedAt: true, voidReason: true, voidedBy: { select: { name: true } } } as const;
const voidInfo = (r: { voidedAt: Date | null; voidReason: string | null; voidedBy: { name: string } | null }): VoidInfo | null =>
  r.voidedAt ? { on: clinicToday(r.voidedAt), by: r.voidedBy?.name ?? "", reason: r.voidReason ?? "" } : null;

/** The records behind the status, for clinical roles; each course with what tells whether it doses after today. */
const recordsSelect = {
  courses: {
    select: {
      ...prescriptionsForHoldsSelect.courses.select,
      id: true,
      startDate: true,
      status: true,
      endDate: true,
      pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } },
    },
  },
  contraception: {
    orderBy: [{ startDate: "desc" }, { recordedAt: "desc" }],
    select: { id: true, method: true, methods: true, startDate: true, endDate: true, recordedBy: { select: { name: true } }, ...voidSelect },
  },
  // Every one, voided ones included (a hold reads those); the latest 12 are shown.
  counseling: {
    orderBy: [{ counseledOn: "desc" }, { recordedAt: "desc" }],
    select: {
      id: true,
      counseledOn: true,
      confirmationNumber: true,
      confirmedContraceptionId: true,
      confirmedContraception: { select: { methods: true, voidedAt: true, startDate: true, endDate: true } },
      recordedBy: { select: { name: true } },
      ...voidSelect,
    },
  },
  pregnancyDecisions: {
    orderBy: { decidedAt: "desc" },
    select: {
      id: true,
      outcome: true,
      reason: true,
      decidedOn: true,
      labResult: { select: { specimenDate: true } },
      decidedBy: { select: { name: true } },
    },
  },
  categoryChanges: {
    orderBy: [{ effectiveFrom: "desc" }, { changedAt: "desc" }],
    select: { id: true, category: true, effectiveFrom: true, reason: true, changedBy: { select: { name: true } } },
  },
} satisfies Prisma.PatientSelect;

/** Once per request and role: the banner and the pregnancy section share it. */
const overviewFor = cache(async (role: Role, patientId: string, asOf: string): Promise<PregnancyOverview | null> => {
  const clinical = can(role, "labs.read");
  // The latest dispense-by date and, for clinical roles, the records: one statement (relation joins).
  const records = clinical ? db.patient.findUnique({ where: { id: patientId }, select: { ...prescriptionsForHoldsSelect, ...recordsSelect } }) : null;
  const [histories, rulesOn, items, row, clinicalRecords] = await Promise.all([
    requestPregnancyHistories(patientId),
    getPregnancyRules(),
    getPatientMonitoring({ role }, patientId, asOf),
    records ?? db.patient.findUnique({ where: { id: patientId }, select: prescriptionsForHoldsSelect }),
    records,
  ]);
  const history = histories.get(patientId);
  if (!history || !row) return null;
  const { latest, held } = dispensingOf(row, history, rulesOn, asOf);
  const s = pregnancyStatus(history, items, asOf, rulesOn, latest);
  const base = {
    category: s.category,
    ruleSetName: s.ruleSetName,
    summary: s.summary,
    // Only a dermatologist's review lifts the stop: an undecided test, a laboratory's test waiting in the queue, or
    // a result the rules cannot read (prescribingStop).
    reviewNeeded: s.prescribingStopped && prescribingStop(history, asOf, rulesOn) === "REVIEW",
    reviewReasons: heldBy(history).map(({ code, text }) => ({ code, text })),
    prescribingStopped: s.prescribingStopped,
    dispenseBy: s.dispenseBy,
    doNotDispense: s.doNotDispense,
    heldPrescriptions: held,
    nextTestDue: s.nextTestDue,
    windowClosesOn: s.windowClosesOn,
  };
  if (!clinicalRecords) return { ...base, clinical: null };
  const { courses, contraception, counseling, pregnancyDecisions: decisions, categoryChanges: categoryHistory } = clinicalRecords;
  return {
    ...base,
    clinical: {
      undecidedTest: s.undecidedTest ? { id: s.undecidedTest.id, specimenDate: s.undecidedTest.specimenDate, result: s.undecidedTest.result } : null,
      courseToStop: courseToStop(
        courses.map((c) => ({
          id: c.id,
          status: c.status,
          ...daysFromDb(c),
          pauses: c.pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null })),
        })),
        asOf,
      ),
      contraception: contraception.map((c) => ({
        id: c.id,
        method: c.method,
        methods: c.methods,
        ...daysFromDb(c),
        by: c.recordedBy.name,
        voided: voidInfo(c),
      })),
      counseling: counseling.slice(0, 12).map((c) => ({
        id: c.id,
        counseledOn: isoFromDb(c.counseledOn),
        confirmationNumber: c.confirmationNumber,
        confirmedMethods: c.confirmedContraception?.methods ?? null,
        confirmedVoided: c.confirmedContraception?.voidedAt != null,
        confirmedNotInUse: c.confirmedContraception ? !inUseOn(daysFromDb(c.confirmedContraception), isoFromDb(c.counseledOn)) : false,
        by: c.recordedBy.name,
        voided: voidInfo(c),
      })),
      decisions: decisions.map((d) => ({
        id: d.id,
        testDate: isoFromDb(d.labResult.specimenDate),
        outcome: d.outcome,
        reason: d.reason,
        decidedOn: isoFromDb(d.decidedOn),
        by: d.decidedBy.name,
      })),
      categoryHistory: categoryHistory.map((c) => ({
        id: c.id,
        category: c.category,
        effectiveFrom: isoFromDb(c.effectiveFrom),
        reason: c.reason,
        by: c.changedBy?.name ?? "Registration",
      })),
      categories: history.categories,
    },
  };
});
