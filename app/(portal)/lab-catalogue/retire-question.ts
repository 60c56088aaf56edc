import { addedPregnancyTest, type CatalogueTest } from "@/lib/data/lab-rows";
import { protocolItemsReading } from "@/lib/domain/monitoring/protocol-analytes";
import { ANALYTE_LABELS } from "@/lib/labels";

type Test = Pick<CatalogueTest, "id" | "name" | "code" | "analyte" | "active">;

/** The analyte as a sentence names it: "triglycerides", "ALT". */
function analyteWords(analyte: string): string {
  const label = (ANALYTE_LABELS as Record<string, string>)[analyte] ?? analyte;
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/**
 * What the catalogue asks before `test` is retired, saying what retiring it does: it leaves the lab entry form.
 * A pregnancy test added as a test of its own is not offered again. For a test of an analyte the monitoring
 * protocol reads (protocol-analytes.ts), its items, when no other test offered counts as that analyte: they
 * would wait for a laboratory's results, which are recorded under a retired test as under any other.
 */
export function retireQuestion(test: Test, catalogue: readonly Test[]): string {
  if (addedPregnancyTest(test)) {
    return `Retire ${test.name}? It reads as a pregnancy test, but the pregnancy-prevention rules do not read it, and nothing is recorded under it. Once retired, it is not offered again and cannot be restored.`;
  }
  const items = protocolItemsReading(test.analyte);
  const others = catalogue.filter((t) => t.id !== test.id && t.active && t.analyte === test.analyte).map((t) => t.name);
  const words = analyteWords(test.analyte);
  const protocol = !items
    ? ""
    : others.length === 0
      ? ` The monitoring protocol reads ${words} for ${items}, and no other test offered counts as ${words}: those items would wait for a laboratory's results, sent or imported.`
      : ` The monitoring protocol reads ${words} for ${items}: ${others.join(", ")} still ${others.length === 1 ? "counts" : "count"} as ${words}.`;
  return `Retire ${test.name}? It is no longer offered on the lab entry form.${protocol} Its results stay on the charts, and it can be restored.`;
}
