import { CONTRACEPTION_FORM_LABELS } from "@/lib/labels";

/**
 * The two methods of contraception a patient who can become pregnant uses (docs/DOMAIN.md, "Pregnancy
 * prevention rule sets": iPLEDGE asks for two contraception methods, or committed abstinence, from about
 * 1 month before treatment, through it and 1 month after, and the two methods recorded each month [S]; the
 * EU/UK Pregnancy Prevention Programme asks for contraception over the same span).
 *
 * The forms a record may name, and their grouping into primary and secondary forms, are those the iPLEDGE
 * programme's materials list as effective forms of birth control [S]. DOMAIN.md's sources state no rule on
 * which two forms may be combined, so the rule here asks for two different forms of the list and no more;
 * the grouping is shown to the clinician choosing them, and the pairing is the prescriber's judgement.
 */
export const CONTRACEPTION_FORMS = [
  "TUBAL_STERILIZATION",
  "PARTNER_VASECTOMY",
  "IUD",
  "HORMONAL_IMPLANT",
  "HORMONAL_INJECTION",
  "COMBINED_PILL",
  "HORMONAL_PATCH",
  "VAGINAL_RING",
  "MALE_CONDOM",
  "DIAPHRAGM",
  "CERVICAL_CAP",
  "VAGINAL_SPONGE",
] as const;
export type ContraceptionForm = (typeof CONTRACEPTION_FORMS)[number];

export const CONTRACEPTION_FORM_KINDS = ["PRIMARY", "SECONDARY"] as const;
export type ContraceptionFormKind = (typeof CONTRACEPTION_FORM_KINDS)[number];

/** Primary: sterilization, partner's vasectomy, IUD, hormonal; secondary: barriers and the sponge (iPLEDGE [S]). */
export const CONTRACEPTION_FORM_KIND: Record<ContraceptionForm, ContraceptionFormKind> = {
  TUBAL_STERILIZATION: "PRIMARY",
  PARTNER_VASECTOMY: "PRIMARY",
  IUD: "PRIMARY",
  HORMONAL_IMPLANT: "PRIMARY",
  HORMONAL_INJECTION: "PRIMARY",
  COMBINED_PILL: "PRIMARY",
  HORMONAL_PATCH: "PRIMARY",
  VAGINAL_RING: "PRIMARY",
  MALE_CONDOM: "SECONDARY",
  DIAPHRAGM: "SECONDARY",
  CERVICAL_CAP: "SECONDARY",
  VAGINAL_SPONGE: "SECONDARY",
};

/** What is wrong with a record's two methods, on which of the two, in words for the clinician. */
export interface TwoMethodsProblem {
  which: "first" | "second";
  message: string;
}

export const TWO_METHODS_MESSAGES = {
  missingFirst: "Choose the first method from the list.",
  missingSecond: "Choose the second method: two methods are needed (or record committed abstinence instead).",
  same: "Choose two different methods: the same method twice is one method.",
} as const;

/**
 * Do the two methods chosen for a "two methods" record make two methods? Both must be chosen, and they
 * must differ (see the module comment: no pairing rule beyond that is sourced).
 */
export function twoMethodsProblem(first: ContraceptionForm | null, second: ContraceptionForm | null): TwoMethodsProblem | null {
  if (first === null) return { which: "first", message: TWO_METHODS_MESSAGES.missingFirst };
  if (second === null) return { which: "second", message: TWO_METHODS_MESSAGES.missingSecond };
  if (first === second) return { which: "second", message: TWO_METHODS_MESSAGES.same };
  return null;
}

/**
 * The record's methods in words, kept in its `methods` text beside the two chosen forms, so that every
 * reader of that text (the patient page, exports) reads records made before the list like those made with it.
 */
export function twoMethodsText(first: ContraceptionForm, second: ContraceptionForm): string {
  return `${CONTRACEPTION_FORM_LABELS[first]} + ${CONTRACEPTION_FORM_LABELS[second]}`;
}
