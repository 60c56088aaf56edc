import type { ItemStatus } from "@/lib/domain/monitoring/items";
import type { CourseStatus, LabFlag } from "@/lib/generated/prisma/enums";

/** Badge colours: how urgent a status or a flag looks. Their words are in lib/labels.ts. */
export const ITEM_STATUS_STYLE: Record<ItemStatus, string> = {
  NOT_DUE: "bg-slate-100 text-slate-700",
  DUE_SOON: "bg-sky-100 text-sky-900",
  DUE: "bg-amber-100 text-amber-900",
  OVERDUE: "bg-red-100 text-red-800",
  COMPLETED: "bg-green-100 text-green-800",
  WAIVED: "bg-slate-200 text-slate-700",
};

export const FLAG_STYLE: Record<LabFlag, string> = {
  NORMAL: "bg-green-100 text-green-800",
  LOW: "bg-amber-100 text-amber-900",
  HIGH: "bg-amber-100 text-amber-900",
  ACTION: "bg-orange-200 text-orange-900",
  CRITICAL: "bg-red-600 text-white",
};

export const COURSE_STATUS_STYLE: Record<CourseStatus, string> = {
  ACTIVE: "bg-green-100 text-green-800",
  PAUSED: "bg-amber-100 text-amber-900",
  COMPLETED: "bg-slate-200 text-slate-800",
  STOPPED: "bg-red-100 text-red-800",
};
