import type { PAPER_OUTCOMES, PAPER_PERIOD_PATTERNS } from "@/lib/validation/paper-course";
import type { DoseClass, WeightPolicy } from "@/lib/domain/dosing/settings";
import type { Analyte } from "@/lib/domain/monitoring/catalogue";
import type { ItemKind, ItemStatus } from "@/lib/domain/monitoring/items";
import type { ContraceptionFormKind } from "@/lib/domain/pregnancy/contraception-methods";
import type {
  ContraceptionForm,
  ContraceptionMethod,
  CourseStatus,
  DosePattern,
  Indication,
  LabFlag,
  ReviewAction,
  OutreachOutcome,
  PregnancyCategory,
  PregnancyDecisionOutcome,
  PregnancyFollowUpKind,
  PregnancyTestSetting,
  QualitativeResult,
  RegimenIntent,
  ReminderStatus,
  SexAtBirth,
} from "@/lib/generated/prisma/enums";
import type { ContactChannel, ReminderChannel } from "@/lib/reminders/eligibility";
import type { CourseTransition } from "@/lib/validation/course";
import type { SortDirection } from "@/lib/validation/sort";
import type { WorklistColumn, WorklistSort } from "@/lib/validation/worklist";

/**
 * What every stored or chosen value of a patient's care is called on screen, in one place: forms, tables,
 * badges and the rules' own reason texts read their words here. Pure data, so the rules may use it too.
 * Where one value is worded for two places (a form's choice and a sentence), both wordings are here, side
 * by side. Role names are in lib/auth/permissions.ts, with the roles; the words of the pages that run the
 * clinic (settings, the lab catalogue, imports, background jobs) are in lib/admin-labels.ts.
 */

export const SEX_LABELS: Record<SexAtBirth, string> = { FEMALE: "Female", MALE: "Male", INTERSEX: "Intersex", UNKNOWN: "Unknown" };

/** iPLEDGE patient categories (2021 modification). */
export const PREGNANCY_CATEGORY_LABELS: Record<PregnancyCategory, string> = {
  CAN_BECOME_PREGNANT: "Can become pregnant",
  CANNOT_BECOME_PREGNANT: "Cannot become pregnant",
};

export const INDICATION_LABELS: Record<Indication, string> = {
  ACNE_NODULAR: "Severe nodular acne",
  ACNE_MODERATE_RECALCITRANT: "Moderate acne, treatment-resistant",
  ACNE_SCARRING: "Acne with scarring",
  ROSACEA: "Papulopustular rosacea",
  OTHER: "Other",
};

export const REGIMEN_INTENT_LABELS: Record<RegimenIntent, string> = {
  STANDARD: "Standard (0.5-1 mg/kg/day)",
  ESCALATING: "Start low, escalate",
  LOW_DOSE: "Low-dose continuous",
  ALTERNATE_DAY: "Alternate-day",
  MICRO_DOSE: "Micro-dose",
  MAINTENANCE: "Maintenance",
  PULSE: "Pulse",
};

export const COURSE_STATUS_LABELS: Record<CourseStatus, string> = { ACTIVE: "Active", PAUSED: "Paused", COMPLETED: "Completed", STOPPED: "Stopped" };

/** The changes offered for a course in progress, worded for its status. */
export const COURSE_TRANSITION_CHOICES: Record<"ACTIVE" | "PAUSED", Partial<Record<CourseTransition, string>>> = {
  ACTIVE: { PAUSE: "Pause", COMPLETE: "Complete (target reached)", STOP: "Stop early" },
  PAUSED: { RESUME: "Resume", COMPLETE: "Complete", STOP: "Stop" },
};

/** A course after each change ("a paused course cannot be stopped"). */
export const COURSE_TRANSITION_DONE: Record<CourseTransition, string> = { PAUSE: "paused", RESUME: "resumed", COMPLETE: "completed", STOP: "stopped" };

export const DOSE_PATTERN_LABELS: Record<DosePattern, string> = {
  DAILY: "Every day",
  EVERY_N_DAYS: "Every N days (2 = every other day)",
  WEEKDAYS: "On chosen weekdays",
  TIMES_PER_WEEK: "N times a week",
  CYCLE: "Cycles: days on, days off",
};

/** The 28-day class of a course's average daily dose. */
export const DOSE_CLASS_LABELS: Record<DoseClass, string> = {
  none: "no dose",
  micro: "micro-dose",
  low: "low dose",
  standard: "standard dose",
  high: "high dose",
};

/** The kinds of entry on a course's timeline (lib/data/course-timeline.ts; indexing by an entry's kind checks that each has its label). */
export const TIMELINE_ENTRY_LABELS = {
  prescription: "Prescription",
  dose: "Dose",
  pause: "Pause",
  missed: "Missed",
  reopened: "Ending undone",
  paper: "Paper record",
} as const satisfies Record<string, string>;

type PaperOutcome = (typeof PAPER_OUTCOMES)[number];
type PaperPeriodPattern = (typeof PAPER_PERIOD_PATTERNS)[number];

/** How a course from paper records ended. */
export const PAPER_OUTCOME_LABELS: Record<PaperOutcome, string> = { COMPLETED: "Completed", STOPPED: "Stopped early" };

/** The dose patterns a paper-history period takes. */
export const PAPER_PERIOD_PATTERN_LABELS: Record<PaperPeriodPattern, string> = {
  DAILY: "Daily",
  EVERY_N_DAYS: "Every N days",
  TIMES_PER_WEEK: "N times a week",
};

/** Which weight mg/kg divides by. */
export const WEIGHT_POLICY_LABELS: Record<WeightPolicy, string> = { COURSE_START: "Weight at course start", PER_DAY: "Each day's weight" };

/** Every monitoring item kind: the lab protocol's and the pregnancy-prevention rules'. */
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  BASELINE_LIVER: "Baseline ALT/AST",
  BASELINE_LIPIDS: "Baseline fasting lipids",
  PEAK_LABS: "ALT + triglycerides at peak dose",
  PERIODIC_LABS: "Periodic ALT + triglycerides",
  PREG_SCREENING: "Screening pregnancy tests before the first prescription",
  PREG_PRESCRIPTION: "Pregnancy test before prescription",
  PREG_MONTHLY: "Monthly pregnancy test",
  PREG_POST_PAUSE: "Pregnancy test after the last dose before a pause",
  PREG_POST_COURSE: "Pregnancy test after the course",
  PREG_REVIEW: "Dermatologist review",
  DERM_FOLLOW_UP: "Dermatologist follow-up",
  RX_RENEWAL: "Prescription renewal",
  LAB_REPEAT: "Repeat test asked for at a review",
};

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  NOT_DUE: "Not due",
  DUE_SOON: "Due soon",
  DUE: "Due",
  OVERDUE: "Overdue",
  COMPLETED: "Completed",
  WAIVED: "Waived",
};

export const WORKLIST_SORT_LABELS: Record<WorklistSort, string> = { days: "Most overdue first", due: "Due date", name: "Patient name" };

/** The patient worklist's sortable columns, as their headers read. */
export const WORKLIST_COLUMN_LABELS: Record<WorklistColumn, string> = {
  due: "Earliest due",
  name: "Patient",
  mrn: "MRN",
  items: "Open items",
  clinician: "Clinician",
  contact: "Last contact",
};
export const SORT_DIRECTION_LABELS: Record<SortDirection, string> = { asc: "ascending", desc: "descending" };

/** How a call or message to the patient went. */
export const OUTREACH_OUTCOME_LABELS: Record<OutreachOutcome, string> = {
  REACHED: "Reached",
  LEFT_MESSAGE: "Left message",
  NO_ANSWER: "No answer",
  BOOKED: "Booked",
};

export const REMINDER_CHANNEL_LABELS: Record<ReminderChannel, string> = { EMAIL: "Reminder email", SMS: "Reminder text message" };
export const REMINDER_STATUS_LABELS: Record<ReminderStatus, string> = { QUEUED: "Queued", SENDING: "Sending", SENT: "Sent", FAILED: "Failed" };

/** The do-not-contact choices, as the patient's preferences read ("Do not email"). */
export const DO_NOT_CONTACT_LABELS: Record<ContactChannel, string> = { EMAIL: "Do not email", SMS: "Do not text", PHONE: "Do not call" };

/** A patient's do-not-contact choices, named. */
export function doNotContactList(p: { doNotEmail: boolean; doNotText: boolean; doNotCall: boolean }): string[] {
  const chosen: [boolean, ContactChannel][] = [
    [p.doNotEmail, "EMAIL"],
    [p.doNotText, "SMS"],
    [p.doNotCall, "PHONE"],
  ];
  return chosen.filter(([on]) => on).map(([, channel]) => DO_NOT_CONTACT_LABELS[channel]);
}

/** The analytes the lab charts follow (a pregnancy test has no value to chart). */
export const ANALYTE_LABELS: Record<Exclude<Analyte, "HCG">, string> = {
  TG: "Triglycerides",
  ALT: "ALT",
  AST: "AST",
  CHOL: "Total cholesterol",
  LDL: "LDL cholesterol",
  HDL: "HDL cholesterol",
};

/** A result's flag, as its badge says it. */
export const LAB_FLAG_LABELS: Record<LabFlag, string> = { NORMAL: "normal", LOW: "low", HIGH: "high", ACTION: "action", CRITICAL: "critical" };

/** What a reviewer did about an abnormal result. */
export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  REPEAT_TEST: "Repeat test",
  DOSE_REDUCED: "Dose reduced",
  REFERRED: "Referred",
  OTHER: "Other",
};

export const QUALITATIVE_RESULT_LABELS: Record<QualitativeResult, string> = { NEGATIVE: "Negative", POSITIVE: "Positive", INDETERMINATE: "Indeterminate" };

/** Where a pregnancy test was done: as a form's choice, as a note under the result, and within a sentence. */
export const TEST_SETTING_LABELS: Record<PregnancyTestSetting, string> = {
  LAB: "A laboratory",
  OFFICE: "The clinic (office test)",
  HOME: "Home (verified by the clinic)",
};
export const TEST_SETTING_NOTES: Record<PregnancyTestSetting, string> = { LAB: "laboratory", OFFICE: "office test", HOME: "home test" };
export const TEST_SETTING_WORDS: Record<PregnancyTestSetting, string> = { LAB: "a laboratory", OFFICE: "the clinic", HOME: "home" };

export const CONTRACEPTION_METHOD_LABELS: Record<ContraceptionMethod, string> = { TWO_METHODS: "Two methods", ABSTINENCE: "Committed abstinence" };

/** The forms of contraception a "two methods" record names, as iPLEDGE materials word them, and their two groups. */
export const CONTRACEPTION_FORM_LABELS: Record<ContraceptionForm, string> = {
  TUBAL_STERILIZATION: "Tubal sterilization",
  PARTNER_VASECTOMY: "Partner's vasectomy",
  IUD: "Intrauterine device (IUD)",
  HORMONAL_IMPLANT: "Hormonal implant",
  HORMONAL_INJECTION: "Hormonal injection",
  COMBINED_PILL: "Combined oral contraceptive pill",
  HORMONAL_PATCH: "Hormonal patch",
  VAGINAL_RING: "Hormonal vaginal ring",
  MALE_CONDOM: "Male latex condom",
  DIAPHRAGM: "Diaphragm with spermicide",
  CERVICAL_CAP: "Cervical cap with spermicide",
  VAGINAL_SPONGE: "Vaginal sponge (contains spermicide)",
};
export const CONTRACEPTION_FORM_KIND_LABELS: Record<ContraceptionFormKind, string> = { PRIMARY: "Primary forms", SECONDARY: "Secondary forms" };

/** A dermatologist's decision on a positive test: as documented, and as the form offers it. */
export const DECISION_OUTCOME_LABELS: Record<PregnancyDecisionOutcome, string> = {
  FALSE_POSITIVE: "False positive, confirmed by a later negative test",
  PREGNANCY_CONFIRMED: "Pregnancy confirmed: treatment stopped",
};
export const DECISION_OUTCOME_CHOICES: Record<PregnancyDecisionOutcome, string> = {
  FALSE_POSITIVE: "False positive: a later negative test (serum preferred) is recorded",
  PREGNANCY_CONFIRMED: "Pregnancy confirmed: treatment stopped (the referral is then followed up)",
};

/** A confirmed pregnancy's follow-ups, for clinical roles only (the stored item carries DERM_FOLLOW_UP's neutral label). */
export const PREGNANCY_FOLLOW_UP_LABELS: Record<PregnancyFollowUpKind, string> = {
  OBSTETRIC_REFERRAL: "Refer to an obstetrician experienced in reproductive toxicity",
  REMS_REPORT: "Report the pregnancy to the REMS program (iPLEDGE)",
};

/** A label map as select options, in its order. */
export function toOptions<T extends Record<string, string>>(labels: T) {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}
