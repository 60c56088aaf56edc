export const SEX_LABELS = { FEMALE: "Female", MALE: "Male", INTERSEX: "Intersex", UNKNOWN: "Unknown" } as const;

/** iPLEDGE patient categories (2021 modification). */
export const PREGNANCY_CATEGORY_LABELS = {
  CAN_BECOME_PREGNANT: "Can become pregnant",
  CANNOT_BECOME_PREGNANT: "Cannot become pregnant",
} as const;

export const INDICATION_LABELS = {
  ACNE_NODULAR: "Severe nodular acne",
  ACNE_MODERATE_RECALCITRANT: "Moderate acne, treatment-resistant",
  ACNE_SCARRING: "Acne with scarring",
  ROSACEA: "Papulopustular rosacea",
  OTHER: "Other",
} as const;

export const REGIMEN_INTENT_LABELS = {
  STANDARD: "Standard (0.5-1 mg/kg/day)",
  ESCALATING: "Start low, escalate",
  LOW_DOSE: "Low-dose continuous",
  ALTERNATE_DAY: "Alternate-day",
  MICRO_DOSE: "Micro-dose",
  MAINTENANCE: "Maintenance",
  PULSE: "Pulse",
} as const;

export const COURSE_STATUS_LABELS = { ACTIVE: "Active", PAUSED: "Paused", COMPLETED: "Completed", STOPPED: "Stopped" } as const;

export function toOptions<T extends Record<string, string>>(labels: T) {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}
