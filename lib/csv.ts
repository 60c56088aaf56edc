import Papa from "papaparse";

/**
 * CSV that spreadsheet programs cannot execute: a cell starting with =, +, -, @, tab or carriage return
 * is prefixed with a single quote (OWASP CSV Injection guidance).
 */
export function neutralizeCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function toSafeCsv(header: string[], rows: unknown[][]): string {
  return Papa.unparse({ fields: header.map(neutralizeCell), data: rows.map((r) => r.map(neutralizeCell)) }, { quotes: true });
}
