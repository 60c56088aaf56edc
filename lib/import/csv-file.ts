import Papa from "papaparse";

/**
 * An uploaded CSV file read the way a migration needs it: refused whole, with one clear reason, when it is
 * not what a spreadsheet's "CSV UTF-8" export produces, and otherwise split into named cells with every
 * cell a spreadsheet would run as a formula reported. Pure: bytes in, rows or problems out.
 */

/** Migration files are split by kind; 2 MB holds about 20,000 patient rows. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_ROWS = 5000;

export type CsvFileResult = { ok: true; header: string[]; rows: Record<string, string>[] } | { ok: false; message: string };

export interface CellProblem {
  /** 1-based data row number, as a spreadsheet shows it (the header is row 1, so data starts at 2). */
  row: number;
  column: string;
  message: string;
}

const NOT_UTF8 = "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)” and upload it again.";

export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB. Split it into smaller files.` };
  // UTF-16 (what "Unicode text" exports write) starts with a byte-order mark and is full of NUL bytes.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { ok: false, message: NOT_UTF8 };
  if (bytes.includes(0)) return { ok: false, message: "The file is not a text file." };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: NOT_UTF8 };
  }
  return { ok: true, text };
}

/**
 * Reads the file against the template's exact columns (in any order, names case-insensitive). Extra,
 * missing or repeated columns refuse the whole file: a shifted column would put values in the wrong field.
 */
export function readCsvFile(bytes: Uint8Array, columns: readonly string[]): CsvFileResult {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return decoded;
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: "greedy" });
  const fatal = parsed.errors.find((e) => e.type === "Quotes" || e.code === "UndetectableDelimiter");
  if (fatal && fatal.type === "Quotes") return { ok: false, message: `Row ${(fatal.row ?? 0) + 1} has a quote that is never closed.` };
  const [headerRow, ...dataRows] = parsed.data;
  if (!headerRow) return { ok: false, message: "The file has no header row." };
  const header = headerRow.map((h) => h.trim().toLowerCase());
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !columns.includes(h));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const parts = [
      missing.length ? `missing ${missing.join(", ")}` : "",
      unknown.length ? `not in the template: ${unknown.map((u) => u || "(blank)").join(", ")}` : "",
      repeated.length ? `repeated: ${[...new Set(repeated)].join(", ")}` : "",
    ].filter(Boolean);
    return { ok: false, message: `The columns do not match the template (${parts.join("; ")}). Download the template and copy your data into it.` };
  }
  if (dataRows.length === 0) return { ok: false, message: "The file has a header but no rows." };
  if (dataRows.length > MAX_ROWS)
    return { ok: false, message: `The file has ${dataRows.length} rows; at most ${MAX_ROWS} are read at once. Split it into smaller files.` };
  const rows: Record<string, string>[] = [];
  for (const [index, cells] of dataRows.entries()) {
    if (cells.length !== header.length)
      return { ok: false, message: `Row ${index + 2} has ${cells.length} cells where the header has ${header.length}. Check for a stray comma.` };
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i]!])));
  }
  return { ok: true, header, rows };
}

/**
 * A cell a spreadsheet would run as a formula (OWASP CSV injection): =, +, @, tab, carriage return, or a
 * minus sign not starting a number. Such a cell is refused, not quietly cleaned: its value is unknowable.
 */
export function isFormulaCell(value: string): boolean {
  if (/^[=+@\t\r]/.test(value)) return true;
  return /^-/.test(value) && !/^-\d+(\.\d+)?$/.test(value);
}

export function formulaProblems(rows: Record<string, string>[]): CellProblem[] {
  const problems: CellProblem[] = [];
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(row))
      if (isFormulaCell(value)) problems.push({ row: index + 2, column, message: "Starts like a spreadsheet formula; type the value itself." });
  });
  return problems;
}
