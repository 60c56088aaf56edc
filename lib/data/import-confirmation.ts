import "server-only";
import { createHash } from "node:crypto";
import type { ImportPlan } from "./import-plan";

/**
 * What the preview's checkbox confirms: the unusual values of this batch as the preview listed them (row,
 * column and message of each, and the confirmation codes a row's write records), as a SHA-256 digest. The
 * import draws its plan again under its locks and goes ahead only when the digest of what it finds then is
 * the one confirmed: a warning that changed meanwhile (a weight above 1 mg/kg/day now above the label
 * maximum, after a dose or another weight was recorded) is shown again, never imported on a confirmation of
 * what it used to say. Null when the plan has no unusual value, so there is nothing to confirm.
 */
export function warningsConfirmation(batchId: string, plan: Pick<ImportPlan, "warnings" | "steps">): string | null {
  if (!plan.warnings.length) return null;
  const warnings = plan.warnings
    .map((w) => [w.row, w.column, w.message] as const)
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
  const codes = plan.steps
    .flatMap((s) => (s.kind === "weights" && s.acknowledged?.length ? [[s.row, [...s.acknowledged].sort()] as const] : []))
    .sort((a, b) => a[0] - b[0]);
  return createHash("sha256")
    .update(JSON.stringify([batchId, warnings, codes]))
    .digest("hex");
}
