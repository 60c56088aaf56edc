import type { Role } from "@/lib/auth/permissions";

/** Capital letters whose names begin with a vowel sound, when an abbreviation is spelled out ("an LDL", "an HDL"). */
const SPELLED_WITH_A_VOWEL = new Set("AEFHILMNORSX");

/** Whether a number, said aloud, begins with a vowel sound: eight, eleven, eighteen, eighty, eight hundred, eleven thousand... */
function numberSaidWithAVowel(digits: string): boolean {
  if (digits.startsWith("8")) return true;
  // Eleven and eighteen, and their thousands and millions ("11,000": eleven thousand).
  return digits.length % 3 === 2 && (digits.startsWith("11") || digits.startsWith("18"));
}

/**
 * The phrase after "a" or "an", as it is said: "an 8-day supply", "an 11-day supply", "a 30-day supply",
 * "an office staff member", "an ALT result", "a TSH result". A word beginning with "u" takes "a" ("a unit").
 */
export function withArticle(phrase: string): string {
  const digits = /^\d+/.exec(phrase)?.[0];
  const abbreviation = /^[A-Z]{2,}\b/.exec(phrase)?.[0];
  const vowel = digits ? numberSaidWithAVowel(digits) : abbreviation ? SPELLED_WITH_A_VOWEL.has(abbreviation[0]!) : /^[aeio]/i.test(phrase);
  return `${vowel ? "an" : "a"} ${phrase}`;
}

/** Someone in a role, as a sentence names them: "reads every record as an office staff member sees it". */
export const ROLE_AS_SOMEONE: Record<Role, string> = {
  DERMATOLOGIST: "a dermatologist",
  NURSE: "a nurse",
  STAFF: "an office staff member",
  ADMIN: "an administrator",
};
