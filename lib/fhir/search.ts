import type { Resource } from "@medplum/fhirtypes";
import { z } from "zod";
import { clinicToday } from "@/lib/clinic";
import { isValidIsoDate } from "@/lib/domain/dates";
import { hasNoControlCharacters } from "@/lib/validation/common";
import type { FhirType } from "./types";
import { MRN_SYSTEM } from "./systems";

/**
 * The search parameters each type answers (README, "FHIR API"). Anything else is refused with 400 rather
 * than ignored, so a client never takes an unfiltered result for a filtered one. Every search but Patient's
 * is within one patient.
 */
export const SEARCH_PARAMS: Record<FhirType, readonly string[]> = {
  Patient: ["identifier"],
  Observation: ["patient", "code", "date", "category"],
  MedicationRequest: ["patient", "code", "status", "authoredon"],
  Flag: ["patient"],
  Task: ["patient"],
};

const UUID = /^(?:Patient\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const text = z.string().min(1, "is empty").max(200, "is too long").refine(hasNoControlCharacters, "contains control characters");
function splitToken(v: string): Token {
  const bar = v.indexOf("|");
  return bar < 0 ? { system: null, code: v } : { system: v.slice(0, bar), code: v.slice(bar + 1) };
}
const token = text.transform(splitToken);
const tokens = text.transform((v, ctx) => {
  const list = v.split(",");
  if (list.length <= 20 && list.every((t) => t !== "")) return list.map(splitToken);
  ctx.addIssue({ code: "custom", message: "must be 1 to 20 comma-separated codes" });
  return z.NEVER;
});
const date = z
  .string()
  .regex(/^(eq|ge|le|gt|lt)?\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD, optionally prefixed with eq, ge, le, gt or lt")
  .transform((v) => ({ prefix: (/^[a-z]{2}/.exec(v)?.[0] ?? "eq") as "eq" | "ge" | "le" | "gt" | "lt", day: v.replace(/^[a-z]{2}/, "") }))
  .refine((d) => isValidIsoDate(d.day), "is not a calendar date");

/** Paging parameters every search takes: a page of `_count` matches (at most 500) from `_offset`. */
export const PAGING_PARAMS = ["_count", "_offset"] as const;
/** A search sent by POST is kept for its client this long, and its links name it by this parameter (lib/fhir/kept-searches.ts). */
export const KEPT_SEARCH_PARAM = "_search-id";
export const KEPT_SEARCH_MINUTES = 60;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
const pageNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, "must be a whole number")
    .transform(Number)
    .refine((n) => n <= max, `must be at most ${max}`);

export type Token = { system: string | null; code: string };
export interface SearchCriteria {
  count: number;
  offset: number;
  patientId: string | null;
  identifier: Token | null;
  codes: Token[] | null;
  categories: Token[] | null;
  statuses: Token[] | null;
  dates: { prefix: "eq" | "ge" | "le" | "gt" | "lt"; day: string }[];
}

export type Parsed = { ok: true; criteria: SearchCriteria } | { ok: false; message: string };

/** Reads and checks a search's query string for a type. Messages name the parameter, never its value. */
export function parseSearch(type: FhirType, params: URLSearchParams): Parsed {
  const allowed = SEARCH_PARAMS[type];
  const criteria: SearchCriteria = {
    count: DEFAULT_PAGE_SIZE,
    offset: 0,
    patientId: null,
    identifier: null,
    codes: null,
    categories: null,
    statuses: null,
    dates: [],
  };
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if ((PAGING_PARAMS as readonly string[]).includes(name)) {
      if (seen.has(name)) return { ok: false, message: `The parameter "${name}" may be given once.` };
      seen.add(name);
      const paged = pageNumber(name === "_count" ? MAX_PAGE_SIZE : 100_000).safeParse(value);
      if (!paged.success) return { ok: false, message: `The parameter "${name}" ${paged.error.issues[0]!.message}.` };
      if (name === "_count") criteria.count = Math.max(1, paged.data);
      else criteria.offset = paged.data;
      continue;
    }
    if (!allowed.includes(name))
      return { ok: false, message: `Unknown search parameter "${name.slice(0, 40)}" for ${type}. Supported: ${[...allowed, ...PAGING_PARAMS].join(", ")}.` };
    const isDate = name === "date" || name === "authoredon";
    if (seen.has(name) && !(isDate && criteria.dates.length < 2))
      return { ok: false, message: `The parameter "${name}" may be given ${isDate ? "at most twice" : "once"}.` };
    seen.add(name);
    const schema = name === "patient" ? text.regex(UUID, "must be a Patient id") : name === "identifier" ? token : isDate ? date : tokens;
    const parsed = schema.safeParse(value);
    if (!parsed.success) return { ok: false, message: `The parameter "${name}" ${parsed.error.issues[0]!.message}.` };
    if (name === "patient") criteria.patientId = UUID.exec(value)![1]!;
    else if (name === "identifier") criteria.identifier = parsed.data as Token;
    else if (isDate) criteria.dates.push(parsed.data as SearchCriteria["dates"][number]);
    else if (name === "code") criteria.codes = parsed.data as Token[];
    else if (name === "category") criteria.categories = parsed.data as Token[];
    else criteria.statuses = parsed.data as Token[];
  }
  if (type === "Patient" && !criteria.identifier) return { ok: false, message: "Search patients by identifier (the MRN): Patient?identifier=<MRN>." };
  if (type !== "Patient" && !criteria.patientId) return { ok: false, message: `Search ${type} within one patient: ${type}?patient=<Patient id>.` };
  return { ok: true, criteria };
}

/** The MRN a Patient search asks for, or null when its identifier system is not ours (no patient matches). */
export function mrnOf(identifier: Token): string | null {
  return identifier.system === null || identifier.system === MRN_SYSTEM ? identifier.code : null;
}

type Coding = { system?: string; code?: string };
const codingsMatch = (codings: Coding[] | undefined, wanted: Token[]) =>
  (codings ?? []).some((c) => wanted.some((w) => w.code === c.code && (w.system === null || w.system === c.system)));

/**
 * The clinic's calendar day of a FHIR date or dateTime: a date as written; an instant ("2026-01-01T00:01:00Z",
 * a dose change's authoring time) on the clinic's calendar, as every date a search names is.
 */
const dayOf = (value: string) => (value.length > 10 ? clinicToday(new Date(value)) : value);

/** The calendar days a resource covers for date searches: an Observation's effective time, a request's authoring day. */
function dayRange(r: Resource): [string, string] | null {
  if (r.resourceType === "Observation") {
    if (r.effectiveDateTime) return [dayOf(r.effectiveDateTime), dayOf(r.effectiveDateTime)];
    if (r.effectivePeriod?.start) return [dayOf(r.effectivePeriod.start), r.effectivePeriod.end ? dayOf(r.effectivePeriod.end) : "9999-12-31"];
  }
  if (r.resourceType === "MedicationRequest" && r.authoredOn) return [dayOf(r.authoredOn), dayOf(r.authoredOn)];
  return null;
}

const dateMatches = (range: [string, string] | null, d: SearchCriteria["dates"][number]) => {
  if (!range) return false;
  const [start, end] = range;
  switch (d.prefix) {
    case "eq":
      return start <= d.day && d.day <= end;
    case "ge":
      return end >= d.day;
    case "gt":
      return end > d.day;
    case "le":
      return start <= d.day;
    case "lt":
      return start < d.day;
  }
};

/** Applies code, category, status and date criteria to one patient's resources of the searched type. */
export function applyCriteria(resources: Resource[], c: SearchCriteria): Resource[] {
  return resources.filter((r) => {
    if (c.codes) {
      const codings =
        r.resourceType === "Observation" ? r.code?.coding : r.resourceType === "MedicationRequest" ? r.medicationCodeableConcept?.coding : undefined;
      if (!codingsMatch(codings, c.codes)) return false;
    }
    if (
      c.categories &&
      !(
        r.resourceType === "Observation" &&
        codingsMatch(
          r.category?.flatMap((cc) => cc.coding ?? []),
          c.categories,
        )
      )
    )
      return false;
    if (c.statuses && !("status" in r && c.statuses.some((s) => s.code === r.status))) return false;
    return c.dates.every((d) => dateMatches(dayRange(r), d));
  });
}
