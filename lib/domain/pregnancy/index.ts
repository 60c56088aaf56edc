/**
 * Pregnancy prevention: the one module that owns every rule and number of it (rule sets, prescribing
 * check, monitoring items, banner status). Pure: no Prisma, no Next, no clock.
 */
export * from "./rules";
export * from "./history";
export * from "./contraception-confirmation";
export * from "./pregnancy-tests";
export * from "./prescribing";
export * from "./monitoring";
export * from "./follow-ups";
export * from "./dispensing";
export * from "./status";
export * from "./course-restart";
