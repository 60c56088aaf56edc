import { formatCount } from "@/lib/format";

/** What an import wrote, as the user reads it after the import and on the batch's page later. */
export function importedMessage(imported: number, skipped: number): string {
  const rows = (n: number) => formatCount(n, "row");
  return skipped ? `Imported ${rows(imported)}. Already recorded, left as they were: ${rows(skipped)}.` : `Imported ${rows(imported)}.`;
}
