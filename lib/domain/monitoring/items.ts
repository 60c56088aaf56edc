import { ITEM_KIND_LABELS } from "@/lib/labels";
import { daysBetween, type IsoDate } from "../dates";

/**
 * The shape every monitoring item shares, whichever rule produced it (lab protocol or pregnancy
 * prevention), and the one status rule. Status is derived from the dates and the day, never stored:
 * lib/data/monitoring.ts statusSql is its SQL twin, checked case by case in an integration test.
 */
export const ITEM_STATUSES = ["NOT_DUE", "DUE_SOON", "DUE", "OVERDUE", "COMPLETED", "WAIVED"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The statuses that need someone to act: the staff worklist and the dashboard list these. */
export const ACTIONABLE_STATUSES = ["OVERDUE", "DUE", "DUE_SOON"] as const satisfies readonly ItemStatus[];
export type ActionableStatus = (typeof ACTIONABLE_STATUSES)[number];

export const ITEM_KINDS = [
  "BASELINE_LIVER",
  "BASELINE_LIPIDS",
  "PEAK_LABS",
  "PERIODIC_LABS",
  "PREG_SCREENING",
  "PREG_PRESCRIPTION",
  "PREG_MONTHLY",
  "PREG_POST_PAUSE",
  "PREG_POST_COURSE",
  "PREG_REVIEW",
  "DERM_FOLLOW_UP",
  "RX_RENEWAL",
  "LAB_REPEAT",
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * The dermatologist's own items: the review of a positive or indeterminate pregnancy test (PREG_REVIEW) and the
 * follow-ups of a confirmed pregnancy (DERM_FOLLOW_UP). Only such a test or such a decision creates them, and
 * only a dermatologist closes them (a documented decision; a follow-up recorded done), never a waiver or a
 * call. However neutral their labels, a list of them is the list of every patient with a positive test or a
 * confirmed pregnancy, which office staff must not be able to draw up, and could not act on. So roles that
 * do not read lab results (lib/data/item-visibility.ts) never get them: not in the worklist, its counts,
 * filter, export or outreach choices, not as what makes a reminder due, not on the patient page or in FHIR.
 * Clinical roles read them as any other item.
 */
export const DERMATOLOGIST_ONLY_KINDS = ["PREG_REVIEW", "DERM_FOLLOW_UP"] as const satisfies readonly ItemKind[];

export const isDermatologistOnly = (kind: ItemKind): boolean => (DERMATOLOGIST_ONLY_KINDS as readonly ItemKind[]).includes(kind);

export interface Waiver {
  /** The stored waiver, so that one entered in error can be voided. */
  id?: string;
  itemKey: string;
  reason: string;
  waivedBy: string;
  waivedAt: string;
}

export interface MonitoringItem {
  key: string;
  kind: ItemKind;
  label: string;
  /** The course the item belongs to; null for a patient-level item (a pregnancy review with no course). */
  courseId: string | null;
  dueDate: IsoDate;
  /** The item's windows, so that status can be recomputed for another day (e.g. in SQL). */
  dueSoonDays: number;
  overdueAfterDays: number;
  status: ItemStatus;
  /** Days since the due date (0 before it); they count as days overdue only once the item is OVERDUE: see overdueDays. */
  daysOverdue: number;
  /** Plain reason. Never carries a lab value or a pregnancy test result: office staff read it. */
  reason: string;
  completedOn: IsoDate | null;
  waiver: Waiver | null;
  /**
   * What clinical roles read instead of `label` and `reason`, where those must say less to office staff (a
   * follow-up after a confirmed pregnancy: lib/domain/pregnancy/follow-ups.ts). Never stored: the stored item,
   * which every role's worklist reads, carries the neutral label and reason.
   */
  clinical?: { label: string; reason: string };
}

export function itemStatus(dueDate: IsoDate, asOf: IsoDate, done: boolean, waived: boolean, dueSoonDays: number, overdueAfterDays: number): ItemStatus {
  if (waived) return "WAIVED";
  if (done) return "COMPLETED";
  const late = daysBetween(dueDate, asOf);
  if (late > overdueAfterDays) return "OVERDUE";
  if (late >= 0) return "DUE";
  if (late >= -dueSoonDays) return "DUE_SOON";
  return "NOT_DUE";
}

/** A waived item's reason where the waiver's free text is not shown (it may name a result). */
export const WAIVER_REASON_WITHHELD = "Waived by a dermatologist; the reason is in the clinical record.";

/** Builds items with their status and waiver for one day; shared by every rule that produces items. */
export function itemBuilder(
  asOf: IsoDate,
  waivers: readonly Waiver[],
  dueSoonDays: number,
  options: { showWaiverReason: boolean } = { showWaiverReason: true },
) {
  return (i: {
    kind: ItemKind;
    courseId: string | null;
    key: string;
    dueDate: IsoDate;
    completedOn: IsoDate | null;
    overdueAfterDays: number;
    reasonOpen: string;
    reasonDone: string;
    clinical?: { label: string; reasonOpen: string; reasonDone: string };
  }): MonitoringItem => {
    const waiver = waivers.find((w) => w.itemKey === i.key) ?? null;
    const status = itemStatus(i.dueDate, asOf, i.completedOn !== null, waiver !== null, dueSoonDays, i.overdueAfterDays);
    const waived = options.showWaiverReason ? `Waived: ${waiver?.reason}` : WAIVER_REASON_WITHHELD;
    const reasonOf = (open: string, done: string) => (status === "WAIVED" ? waived : status === "COMPLETED" ? done : open);
    const reason = reasonOf(i.reasonOpen, i.reasonDone);
    const clinical = i.clinical ? { clinical: { label: i.clinical.label, reason: reasonOf(i.clinical.reasonOpen, i.clinical.reasonDone) } } : {};
    return {
      key: i.key,
      kind: i.kind,
      label: ITEM_KIND_LABELS[i.kind],
      courseId: i.courseId,
      dueDate: i.dueDate,
      dueSoonDays,
      overdueAfterDays: i.overdueAfterDays,
      status,
      daysOverdue: Math.max(0, daysBetween(i.dueDate, asOf)),
      reason,
      completedOn: i.completedOn,
      waiver,
      ...clinical,
    };
  };
}

/**
 * The days overdue an item is shown with: its days past the due date once it is OVERDUE, and none while it
 * is due within its grace days (or not due, completed, waived). The worklist shows each item's, and a
 * patient's row (its export) the most of their items'.
 */
export function overdueDays(item: Pick<MonitoringItem, "status" | "daysOverdue">): number {
  return item.status === "OVERDUE" ? item.daysOverdue : 0;
}

/** Items that need someone to act: for the staff worklist and the dashboard. */
export function isActionable(item: Pick<MonitoringItem, "status">): boolean {
  return (ACTIONABLE_STATUSES as readonly ItemStatus[]).includes(item.status);
}
