import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * `npm ci` refuses a lockfile that lacks any optional dependency, including other platforms' native
 * binaries that this machine's registry does not serve. scripts/complete-lockfile.mjs records them;
 * this test fails when an `npm install` dropped them again.
 */
describe("package-lock.json", () => {
  it("records every optional dependency, so npm ci accepts it on a clean machine", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
    const missing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        if (!lock.packages[`node_modules/${dep}`] && !lock.packages[`${path}/node_modules/${dep}`]) missing.push(dep);
      }
    }
    expect(missing, "run: node scripts/complete-lockfile.mjs").toEqual([]);
  });
});
