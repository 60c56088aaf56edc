import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { AUDIT_ACTIONS } from "./audit-actions";
import { actionArea, actionLabel, AUDIT_ACTION_AREAS, type AuditActionArea } from "./audit-action-labels";

/**
 * Actions whose mere presence in a patient's trail is a clinical fact, shown to a reader without the area's
 * clinical permission under one neutral label per area, with no record type, record id or field names.
 *
 * - Pregnancy prevention: a decision (`pregnancy.decision`) exists only after a positive or indeterminate
 *   pregnancy test, a follow-up (`pregnancy.follow_up`, its void) only after a confirmed pregnancy; a decision's
 *   field names (`outcome`) and a follow-up's (`kind`) would say so too. Counseling, contraception and category
 *   rows share the label, so a patient only counselled reads the same as one with a confirmed pregnancy.
 * - A patient's lab results: a review (`lab.acknowledge`, fields `reviewAction`, `repeatDueDate`) is made on an
 *   abnormal or critical result (or a documented pregnancy decision), and a repeat notice
 *   (`lab.repeat_notice_acknowledge`) exists only for a repeat test asked for after one; entering, importing,
 *   attaching, dismissing, correcting and voiding results share the label. A message's own rows
 *   (`lab.message_import`, `lab.message_reject`), which concern the laboratory interface, keep their names.
 *
 * Matched by prefix (and exclusion), so rows of earlier versions of an action are grouped like current ones.
 * Other clinical actions (courses, doses, weights, monitoring items, reminders) name what was done, not a
 * result: they keep their names, with field names only (NON_CLINICAL_ACTIONS).
 */
export interface AuditActionGroup {
  /** The filter's value for the whole group (in the address and the audit row of a read). */
  key: string;
  /** Shown and exported in place of the action. */
  label: string;
  /** Shown in place of the record type. */
  record: string;
  /** Readers with this permission see the group's actions as recorded. */
  revealedBy: Permission;
  prefix: string;
  /** Actions under the prefix that stay outside the group. */
  exceptPrefix?: string;
}

export const AUDIT_ACTION_GROUPS: readonly AuditActionGroup[] = [
  {
    key: "pregnancy-prevention",
    label: "Pregnancy-prevention record changed",
    record: "Pregnancy prevention",
    revealedBy: "pregnancy.record",
    prefix: "pregnancy.",
  },
  {
    key: "lab-results",
    label: "Lab record changed",
    record: "Lab record",
    revealedBy: "labs.read",
    prefix: "lab.",
    exceptPrefix: "lab.message_",
  },
];

export const inGroup = (g: AuditActionGroup, action: string) => action.startsWith(g.prefix) && !(g.exceptPrefix && action.startsWith(g.exceptPrefix));

/** The groups this role reads under their neutral label. */
export const hiddenGroupsFor = (role: Role) => AUDIT_ACTION_GROUPS.filter((g) => !can(role, g.revealedBy));

/** The hidden group an action falls in for this role, if any. */
export const hiddenGroupOf = (role: Role, action: string) => hiddenGroupsFor(role).find((g) => inGroup(g, action));

/** What this role is shown for an action: its label (lib/data/audit-action-labels.ts), or its group's neutral label. */
export const actionLabelFor = (role: Role, action: string) => hiddenGroupOf(role, action)?.label ?? actionLabel(action);

/** Every value the trail's action filter accepts: an action's name or a group's key. */
export const AUDIT_ACTION_FILTER_VALUES = [...AUDIT_ACTIONS, ...AUDIT_ACTION_GROUPS.map((g) => g.key)] as [string, ...string[]];

/**
 * The action filter as this role may use it: a group's key stays one; an action of a group hidden from the role
 * becomes its group's key (filtering by it lists the whole group, never the action alone).
 */
export function actionFilterFor(role: Role, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return hiddenGroupOf(role, value)?.key ?? value;
}

export interface ActionFilterOption {
  value: string;
  label: string;
  /** The action's code; none for a group read under its label. */
  code: string | null;
}

const byLabel = (a: ActionFilterOption, b: ActionFilterOption) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/**
 * The action filter's choices for this role, by area (lib/data/audit-action-labels.ts) and by label within one:
 * each action with its code, a group hidden from the role only as its group (among the clinical records).
 */
export function actionFilterOptions(role: Role): { area: AuditActionArea; options: ActionFilterOption[] }[] {
  const hidden = hiddenGroupsFor(role);
  const shown = AUDIT_ACTIONS.filter((a) => !hidden.some((g) => inGroup(g, a))).map((a) => ({ area: actionArea(a), value: a, label: actionLabel(a), code: a }));
  const groups = hidden.map((g) => ({ area: "Clinical records" as const, value: g.key, label: g.label, code: null }));
  const all = [...shown, ...groups];
  return AUDIT_ACTION_AREAS.map((area) => ({
    area,
    options: all
      .filter((o) => o.area === area)
      .map(({ value, label, code }) => ({ value, label, code }))
      .sort(byLabel),
  })).filter((a) => a.options.length > 0);
}
