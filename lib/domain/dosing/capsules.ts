/**
 * Capsules per intake. A dose may combine strengths of one product (30 mg = 10 mg + 20 mg): products are not
 * interchangeable (docs/DOMAIN.md "Regimens"), but the strengths of one product are. The fewest capsules win,
 * then the larger strengths; null when no combination makes the dose exactly.
 */
export function capsulesFor(mg: number, strengthsMg: readonly number[]): { strengthMg: number; count: number }[] | null {
  if (!Number.isInteger(mg) || mg <= 0) return null;
  const strengths = [...new Set(strengthsMg)].filter((s) => s > 0).sort((a, b) => b - a);
  // fewest[m] = the fewest capsules making m mg; via[m] = the strength taken last to get there.
  const fewest: number[] = [0];
  const via: number[] = [0];
  for (let m = 1; m <= mg; m++) {
    fewest[m] = Infinity;
    for (const s of strengths) {
      if (s <= m && fewest[m - s]! + 1 < fewest[m]!) {
        fewest[m] = fewest[m - s]! + 1;
        via[m] = s;
      }
    }
  }
  if (!Number.isFinite(fewest[mg]!)) return null;
  const counts = new Map<number, number>();
  for (let m = mg; m > 0; m -= via[m]!) counts.set(via[m]!, (counts.get(via[m]!) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([strengthMg, count]) => ({ strengthMg, count }));
}

/** "1 × 10 mg + 1 × 20 mg". */
export function describeCapsules(capsules: readonly { strengthMg: number; count: number }[]): string {
  return capsules.map((c) => `${c.count} × ${c.strengthMg} mg`).join(" + ");
}
