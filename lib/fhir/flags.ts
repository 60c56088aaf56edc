import "server-only";
import type { Flag } from "@medplum/fhirtypes";
import { can, type Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getPregnancyRules, loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import type { IsoDate } from "@/lib/domain/dates";
import { categoryOn, undecidedTests } from "@/lib/domain/pregnancy";
import { prescribingStop } from "@/lib/domain/pregnancy/pregnancy-tests";
import { categoryFlag, reviewFlag, reviewRequiredFlag } from "./patient-resources";

/**
 * A patient's flags as the role may read them: the pregnancy-prevention category in force since its latest
 * change, then the review. A role that reads lab results gets a test awaiting the dermatologist's decision, with
 * its result. Another (office staff) gets what the portal's banner tells it, no more: a dermatologist's review is
 * required, flagged whenever only that review lifts the stop of prescribing (getPregnancyOverview's
 * reviewNeeded), so that neither the flag's presence nor its words tell that a pregnancy test was not negative.
 */
export async function patientFlags(role: Role, patientId: string, asOf: IsoDate): Promise<Flag[]> {
  const history = await loadPregnancyHistory(db, patientId);
  if (!history) return [];
  const since =
    history.categories
      .map((c) => c.from)
      .filter((d) => d <= asOf && d > "0001-01-01")
      .sort()
      .at(-1) ?? null;
  const category = categoryFlag(patientId, categoryOn(history, asOf), since);
  if (!can(role, "labs.read")) {
    const reviewNeeded = prescribingStop(history, asOf, await getPregnancyRules()) === "REVIEW";
    return [category, ...(reviewNeeded ? [reviewRequiredFlag(patientId)] : [])];
  }
  const undecided = undecidedTests(history, asOf)[0] ?? null;
  return [category, ...(undecided ? [reviewFlag(patientId, undecided)] : [])];
}
