import { describe, expect, it } from "vitest";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { DOSE_CLASSES, WEIGHT_POLICIES } from "@/lib/domain/dosing/settings";
import { ITEM_KINDS, ITEM_STATUSES } from "@/lib/domain/monitoring/items";
import { PROGRAMMES } from "@/lib/domain/pregnancy";
import * as Db from "@/lib/generated/prisma/enums";
import { JOB_NAMES, JOB_STATES } from "@/lib/jobs/queues";
import { COURSE_TRANSITIONS } from "@/lib/validation/course";
import { CONTACT_CHANNELS, REMINDER_CHANNELS } from "@/lib/reminders/eligibility";
import { SORT_DIRECTIONS } from "@/lib/validation/sort";
import { WORKLIST_COLUMNS, WORKLIST_SORTS } from "@/lib/validation/worklist";
import * as A from "./admin-labels";
import * as L from "./labels";

const keys = (labels: object) => Object.keys(labels).sort();
const values = (list: object) => Object.values(list).sort();

/** Each label map and the enum or list whose every value it must name. */
const MAPS: [string, object, object][] = [
  ["sex at birth", L.SEX_LABELS, Db.SexAtBirth],
  ["pregnancy category", L.PREGNANCY_CATEGORY_LABELS, Db.PregnancyCategory],
  ["indication", L.INDICATION_LABELS, Db.Indication],
  ["regimen", L.REGIMEN_INTENT_LABELS, Db.RegimenIntent],
  ["course status", L.COURSE_STATUS_LABELS, Db.CourseStatus],
  ["dose pattern", L.DOSE_PATTERN_LABELS, Db.DosePattern],
  ["settings kind", A.CONFIG_KIND_LABELS, Db.ConfigKind],
  ["settings kind in a sentence", A.CONFIG_KIND_NAMES, Db.ConfigKind],
  ["result type", A.LAB_VALUE_KIND_LABELS, Db.LabValueKind],
  ["flag", L.LAB_FLAG_LABELS, Db.LabFlag],
  ["import status", A.IMPORT_STATUS_LABELS, Db.ImportStatus],
  ["review action", L.REVIEW_ACTION_LABELS, Db.ReviewAction],
  ["import queue reason", A.HL7_QUEUE_REASON_LABELS, Db.Hl7QueueReason],
  ["qualitative result", L.QUALITATIVE_RESULT_LABELS, Db.QualitativeResult],
  ["test setting", L.TEST_SETTING_LABELS, Db.PregnancyTestSetting],
  ["test setting note", L.TEST_SETTING_NOTES, Db.PregnancyTestSetting],
  ["test setting in a sentence", L.TEST_SETTING_WORDS, Db.PregnancyTestSetting],
  ["contraception method", L.CONTRACEPTION_METHOD_LABELS, Db.ContraceptionMethod],
  ["contraception form", L.CONTRACEPTION_FORM_LABELS, Db.ContraceptionForm],
  ["decision", L.DECISION_OUTCOME_LABELS, Db.PregnancyDecisionOutcome],
  ["decision choice", L.DECISION_OUTCOME_CHOICES, Db.PregnancyDecisionOutcome],
  ["follow-up after a confirmed pregnancy", L.PREGNANCY_FOLLOW_UP_LABELS, Db.PregnancyFollowUpKind],
  ["role", ROLE_LABELS, Db.Role],
  ["monitoring item", L.ITEM_KIND_LABELS, ITEM_KINDS],
  ["monitoring item status", L.ITEM_STATUS_LABELS, ITEM_STATUSES],
  ["weight policy", L.WEIGHT_POLICY_LABELS, WEIGHT_POLICIES],
  ["dose class", L.DOSE_CLASS_LABELS, DOSE_CLASSES],
  ["programme", A.PROGRAMME_LABELS, PROGRAMMES],
  ["course change", L.COURSE_TRANSITION_DONE, COURSE_TRANSITIONS],
  ["worklist order", L.WORKLIST_SORT_LABELS, WORKLIST_SORTS],
  ["worklist column", L.WORKLIST_COLUMN_LABELS, WORKLIST_COLUMNS],
  ["sort direction", L.SORT_DIRECTION_LABELS, SORT_DIRECTIONS],
  ["outreach outcome", L.OUTREACH_OUTCOME_LABELS, Db.OutreachOutcome],
  ["reminder channel", L.REMINDER_CHANNEL_LABELS, REMINDER_CHANNELS],
  ["reminder status", L.REMINDER_STATUS_LABELS, Db.ReminderStatus],
  ["do-not-contact channel", L.DO_NOT_CONTACT_LABELS, CONTACT_CHANNELS],
  ["background job", A.JOB_NAME_LABELS, JOB_NAMES],
  ["background job state", A.JOB_STATE_LABELS, JOB_STATES],
];

describe("labels", () => {
  it.each(MAPS)("name every %s, and nothing else", (_name, labels, enumeration) => {
    expect(keys(labels)).toEqual(values(enumeration));
    for (const label of Object.values(labels)) expect(label.trim()).not.toBe("");
  });

  it("offer each course change from the statuses that allow it", () => {
    expect(keys(L.COURSE_TRANSITION_CHOICES.ACTIVE)).toEqual(["COMPLETE", "PAUSE", "STOP"]);
    expect(keys(L.COURSE_TRANSITION_CHOICES.PAUSED)).toEqual(["COMPLETE", "RESUME", "STOP"]);
  });

  it("give the options of a label map in its order", () => {
    expect(L.toOptions(L.SEX_LABELS).map((o) => o.value)).toEqual(Object.values(Db.SexAtBirth));
    expect(L.toOptions({ B: "Bee", A: "Ay" })).toEqual([
      { value: "B", label: "Bee" },
      { value: "A", label: "Ay" },
    ]);
  });
});
