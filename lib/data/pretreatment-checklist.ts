import "server-only";
import type { IsoDate } from "@/lib/domain/dates";
import { pretreatmentChecklist, type PretreatmentChecklist } from "@/lib/domain/pregnancy/pretreatment";
import { getPregnancyRules, requestPregnancyHistories } from "./pregnancy-history";
import { assertCan, type Viewer } from "./viewer";

/**
 * "Before the first prescription" on the patient page's pregnancy-prevention section: for a patient who can
 * become pregnant with no course in progress, what the prescribing check asks of a first prescription today
 * (lib/domain/pregnancy/pretreatment.ts); null otherwise. Clinical roles only, as the section's records:
 * it names test results, so office staff (and administrators) are refused. It reads the history the page's
 * other pregnancy reads share (once per request) and writes nothing.
 */
export async function getPretreatmentChecklist(viewer: Viewer, patientId: string, asOf: IsoDate): Promise<PretreatmentChecklist | null> {
  assertCan(viewer, "labs.read");
  const [histories, rulesOn] = await Promise.all([requestPregnancyHistories(patientId), getPregnancyRules()]);
  const history = histories.get(patientId);
  return history ? pretreatmentChecklist(history, asOf, rulesOn) : null;
}
