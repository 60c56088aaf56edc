import { z } from "zod";
import { parseDisplayedDate } from "@/lib/format";
import { hasNoControlCharacters, NO_CONTROL_CHARACTERS } from "./common";

/**
 * The query-string parameter that names a saved search (lib/data/saved-searches.ts). A list's address
 * carries this id, never what was typed: names, MRNs, phone numbers and dates of birth stay out of URLs.
 */
export const SEARCH_PARAM = "search";
export const SEARCH_MAX_LENGTH = 100;

/**
 * What was typed in a list's search box, posted by its form. Empty clears the search. The form always
 * sends the field; a request without it is refused like any malformed form.
 */
export const searchTerm = z.unknown().transform((value, ctx): string => {
  const refuse = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (Array.isArray(value)) return refuse("Search for one thing at a time.");
  if (typeof value !== "string") return refuse("Type what to search for in the search box.");
  const term = value.trim();
  if (term.length > SEARCH_MAX_LENGTH) return refuse(`Search with at most ${SEARCH_MAX_LENGTH} characters.`);
  if (!hasNoControlCharacters(term)) return refuse(NO_CONTROL_CHARACTERS);
  return term;
});

/**
 * Reads "YYYY-MM-DD", "MM/DD/YYYY" or the date of birth as the portal shows it ("12 Mar 1994", with or
 * without the age after it, "12 Mar 1994 (age 32)") as a date of birth.
 */
export function parseDobQuery(query: string): string | null {
  const q = query.replace(/\s*\(age \d+\)$/i, "");
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(q);
  if (iso) return q;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(q);
  if (us) return `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`;
  return parseDisplayedDate(q);
}

/**
 * What kind of term a search was, for the audit trail, which records this instead of the term: a date
 * (of birth), a record id, digits (an MRN or a phone number: the searches try both), an MRN (one word
 * with a digit), or a name.
 */
export const SEARCH_KINDS = ["date", "record-id", "mrn-or-phone", "mrn", "name"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export function searchKind(term: string): SearchKind {
  if (parseDobQuery(term)) return "date";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(term)) return "record-id";
  if (/^[\d\s()+.-]+$/.test(term)) return "mrn-or-phone";
  if (/\d/.test(term) && /^[A-Za-z0-9-]+$/.test(term)) return "mrn";
  return "name";
}
