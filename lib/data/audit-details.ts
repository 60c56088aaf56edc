/**
 * An audit row's change record, as the trail shows it to its reader, in labelled lines: "Role: STAFF → NURSE",
 * "Sessions ended: 2", "Filters › Part: alerts". Ids stay ids (never looked up: a patient's id is not turned into
 * their name), a long list of them is cut short with a count (the CSV carries them all), and a value under a
 * key that could hold a secret is never shown, whatever the row holds. It reads what the report already
 * reduced for the reader's role (lib/data/audit-report.ts): a clinical row's field names, never its values.
 */
export interface DetailLine {
  label: string;
  /** The value as words; null when the line is ids only. */
  value: string | null;
  ids: string[];
  /** Ids left out of `ids`. */
  moreIds: number;
}

/** Ids a line shows before it counts the rest. */
export const MAX_IDS_SHOWN = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keys whose values are never shown. */
const SECRET = /password|secret|token|hash|otp|recovery/i;
/** Keys with a label of their own. */
const KEY_LABELS: Partial<Record<string, string>> = { fields: "Fields changed" };

const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);

/**
 * A change record as the trail's reader is given it: every value under a key that could hold a secret, at any
 * depth, replaced by "withheld". The report gives its rows so (lib/data/audit-report.ts), so the page's lines
 * and the CSV's details withhold the same values.
 */
export function withholdSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withholdSecrets) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? "withheld" : withholdSecrets(v)])) as T;
}

/** "sessionsEnded" → "Sessions ended", "patient_ids" → "Patient ids". */
function keyLabel(key: string): string {
  const own = KEY_LABELS[key];
  if (own) return own;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

function words(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(words).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const isPlain = (v: unknown) => v === null || typeof v !== "object" || (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"));

/** A change from one value to another ({ from, to }), as the write paths record one. */
function isChange(v: object): v is { from?: unknown; to?: unknown } {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === "from" || k === "to") && Object.values(v).every(isPlain);
}

const line = (label: string, value: string | null, ids: string[] = []): DetailLine => ({
  label,
  value,
  ids: ids.slice(0, MAX_IDS_SHOWN),
  moreIds: Math.max(0, ids.length - MAX_IDS_SHOWN),
});

function linesOf(value: unknown, label: string, out: DetailLine[]): void {
  if (isUuid(value)) out.push(line(label, null, [value]));
  else if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isUuid)) out.push(line(label, null, value));
    else if (value.every((v) => isPlain(v))) out.push(line(label, words(value)));
    else value.forEach((v, i) => linesOf(v, `${label} ${i + 1}`, out));
  } else if (value !== null && typeof value === "object") {
    if (isChange(value)) out.push(line(label, `${words(value.from)} → ${words(value.to)}`));
    else for (const [k, v] of Object.entries(value)) linesOf(v, `${label} › ${keyLabel(k)}`, out);
  } else out.push(line(label, words(value)));
}

/** The lines of a change record (none for a row without one), its secrets withheld. */
export function detailLines(changes: unknown): DetailLine[] {
  const shown = withholdSecrets(changes);
  if (shown === null || shown === undefined) return [];
  if (typeof shown !== "object" || Array.isArray(shown)) return [line("Details", words(shown))];
  const out: DetailLine[] = [];
  for (const [k, v] of Object.entries(shown)) linesOf(v, keyLabel(k), out);
  return out;
}
