import type { ItemKind, ItemStatus } from "@/lib/domain/monitoring/items";
import { ITEM_LABELS } from "@/lib/domain/monitoring/protocol";
import { PREGNANCY_ITEM_LABELS } from "@/lib/domain/pregnancy";

/** Every monitoring item kind's label: the lab protocol's and the pregnancy-prevention rules'. */
export const ITEM_KIND_LABELS: Record<ItemKind, string> = { ...ITEM_LABELS, ...PREGNANCY_ITEM_LABELS };

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  NOT_DUE: "Not due",
  DUE_SOON: "Due soon",
  DUE: "Due",
  OVERDUE: "Overdue",
  COMPLETED: "Completed",
  WAIVED: "Waived",
};

export const ITEM_STATUS_STYLE: Record<ItemStatus, string> = {
  NOT_DUE: "bg-slate-100 text-slate-700",
  DUE_SOON: "bg-sky-100 text-sky-900",
  DUE: "bg-amber-100 text-amber-900",
  OVERDUE: "bg-red-100 text-red-800",
  COMPLETED: "bg-green-100 text-green-800",
  WAIVED: "bg-slate-200 text-slate-700",
};

export const FLAG_STYLE: Record<string, string> = {
  NORMAL: "bg-green-100 text-green-800",
  LOW: "bg-amber-100 text-amber-900",
  HIGH: "bg-amber-100 text-amber-900",
  ACTION: "bg-orange-200 text-orange-900",
  CRITICAL: "bg-red-600 text-white",
};
