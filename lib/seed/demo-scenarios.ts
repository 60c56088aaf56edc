import type { DosePattern, RegimenIntent } from "@/lib/generated/prisma/enums";

/**
 * The demo clinic's people and courses: names, and one course scenario per regimen the product expresses
 * (standard, escalating, low-dose, alternate-day, micro-dose, maintenance), with the lab results that make
 * some of them overdue or abnormal. Dates are days relative to the day the clinic is seeded.
 */

/**
 * A fictional number, stored as every number is (E.164, lib/phone.ts): 555-0100 to 555-0199 is the range
 * the North American Numbering Plan keeps for fiction, here in four real area codes so that each of up to
 * 400 demo patients has a number of their own.
 */
const DEMO_AREA_CODES = ["201", "312", "617", "415"];
export const demoPhone = (i: number) => `+1${DEMO_AREA_CODES[Math.floor(i / 100) % 4]}555${String(100 + (i % 100)).padStart(4, "0")}`;

export const FIRST_F = [
  "Emma",
  "Olivia",
  "Ava",
  "Sophia",
  "Mia",
  "Isabella",
  "Chloe",
  "Grace",
  "Lily",
  "Zoe",
  "Nora",
  "Hannah",
  "Leah",
  "Maya",
  "Aria",
  "Ella",
  "Ruby",
  "Ivy",
  "Sara",
  "Lucy",
];
export const FIRST_M = [
  "Liam",
  "Noah",
  "Ethan",
  "Lucas",
  "Mason",
  "Logan",
  "Elijah",
  "James",
  "Aiden",
  "Ben",
  "Caleb",
  "Owen",
  "Ryan",
  "Leo",
  "Jack",
  "Henry",
  "Dylan",
  "Adam",
  "Eli",
  "Max",
];
export const LAST = [
  "Nguyen",
  "Garcia",
  "Smith",
  "Patel",
  "Johnson",
  "Kim",
  "Brown",
  "Lopez",
  "Davis",
  "Wilson",
  "Martin",
  "Clark",
  "Lewis",
  "Walker",
  "Young",
  "Hall",
  "Allen",
  "Wright",
  "Scott",
  "Green",
  "Baker",
  "Adams",
  "Nelson",
  "Hill",
  "Rivera",
  "Campbell",
  "Mitchell",
  "Carter",
  "Roberts",
  "Turner",
];

type Pattern = { pattern: DosePattern; everyNDays?: number; weekdays?: number[]; timesPerWeek?: number };

interface Scenario {
  intent: RegimenIntent;
  product: string;
  strength: number;
  startDaysAgo: number;
  doses: { fromDay: number; mg: number; p: Pattern; reason: string }[];
  status?: "PAUSED" | "COMPLETED";
  endDaysAgo?: number;
  /** Skip labs after this many days on course (to make them overdue). */
  labsUntilDay?: number;
  skipBaseline?: boolean;
  abnormal?: { analyte: "TG" | "ALT"; value: number };
  positiveHcg?: boolean;
}

const DAILY: Pattern = { pattern: "DAILY" };
export const SCENARIOS: Scenario[] = [
  { intent: "STANDARD", product: "ABSORICA", strength: 40, startDaysAgo: 75, doses: [{ fromDay: 0, mg: 40, p: DAILY, reason: "Course start" }] },
  {
    intent: "ESCALATING",
    product: "CLARAVIS",
    strength: 20,
    startDaysAgo: 100,
    doses: [
      { fromDay: 0, mg: 20, p: DAILY, reason: "Start low" },
      { fromDay: 28, mg: 40, p: DAILY, reason: "Escalate after 4 weeks, tolerated" },
    ],
  },
  { intent: "LOW_DOSE", product: "ZENATANE", strength: 20, startDaysAgo: 130, doses: [{ fromDay: 0, mg: 20, p: DAILY, reason: "Low-dose continuous" }] },
  {
    intent: "ALTERNATE_DAY",
    product: "CLARAVIS",
    strength: 20,
    startDaysAgo: 60,
    doses: [{ fromDay: 0, mg: 20, p: { pattern: "EVERY_N_DAYS", everyNDays: 2 }, reason: "Alternate-day regimen" }],
  },
  { intent: "MICRO_DOSE", product: "ISOTRETINOIN_5MG", strength: 5, startDaysAgo: 200, doses: [{ fromDay: 0, mg: 5, p: DAILY, reason: "Micro-dose" }] },
  {
    intent: "MICRO_DOSE",
    product: "CLARAVIS",
    strength: 10,
    startDaysAgo: 90,
    doses: [{ fromDay: 0, mg: 10, p: { pattern: "WEEKDAYS", weekdays: [1, 3, 5] }, reason: "Micro-dose Mon/Wed/Fri" }],
  },
  {
    intent: "MAINTENANCE",
    product: "AMNESTEEM",
    strength: 10,
    startDaysAgo: 150,
    doses: [{ fromDay: 0, mg: 10, p: { pattern: "TIMES_PER_WEEK", timesPerWeek: 2 }, reason: "Maintenance" }],
  },
  {
    intent: "STANDARD",
    product: "ABSORICA_LD",
    strength: 32,
    startDaysAgo: 70,
    doses: [{ fromDay: 0, mg: 32, p: DAILY, reason: "Course start" }],
    labsUntilDay: 20,
  },
  {
    intent: "STANDARD",
    product: "ABSORICA",
    strength: 40,
    startDaysAgo: 65,
    doses: [{ fromDay: 0, mg: 40, p: DAILY, reason: "Course start" }],
    abnormal: { analyte: "TG", value: 520 },
  },
  {
    intent: "LOW_DOSE",
    product: "ZENATANE",
    strength: 20,
    startDaysAgo: 80,
    doses: [{ fromDay: 0, mg: 20, p: DAILY, reason: "Low-dose" }],
    abnormal: { analyte: "ALT", value: 95 },
  },
  {
    intent: "STANDARD",
    product: "CLARAVIS",
    strength: 30,
    startDaysAgo: 45,
    doses: [{ fromDay: 0, mg: 30, p: DAILY, reason: "Course start" }],
    skipBaseline: true,
  },
  {
    intent: "STANDARD",
    product: "ABSORICA",
    // 20 mg capsules: both 40 and 60 mg are whole capsules of them (a prescription dispenses one strength).
    strength: 20,
    startDaysAgo: 120,
    doses: [
      { fromDay: 0, mg: 40, p: DAILY, reason: "Course start" },
      { fromDay: 30, mg: 60, p: DAILY, reason: "Increase toward 1 mg/kg" },
    ],
  },
];

export function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}
