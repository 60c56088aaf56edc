import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { getPregnancySettings } from "@/lib/data/config";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { actAs, form, makeUser, testDb, TODAY } from "./helpers";
import { restoreDefaultSettings } from "./jobs-helpers";

/**
 * Each settings save is a whole new version of its kind, every field as the form showed it. Two
 * dermatologists with the pregnancy-prevention settings open: one tightens the supply limit; the other,
 * whose form was loaded before that, changes the screening lookback. The second save must not silently
 * put the looser supply limit back: a form opened at an earlier version is refused.
 */
const LATER = addDays(TODAY, 30);

describe("pregnancy-prevention settings saved from a form opened before another version", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("refuses a save from a form loaded before another dermatologist's version, keeping that version's tightening", async () => {
    // The latest saved version of the kind when both forms were loaded (0: the cited defaults, none saved).
    const latest = await testDb().clinicConfig.findFirst({ where: { kind: "PREGNANCY_PREVENTION" }, orderBy: { version: "desc" } });
    const openedAt = latest?.version ?? 0;
    const shown = flat(DEFAULT_PREGNANCY_SETTINGS);

    actAs(await makeUser("DERMATOLOGIST"));
    const tightened = { ...shown, maxDaysSupply: "20" };
    const first = await saveClinicSettingsAction(IDLE, form({ kind: "PREGNANCY_PREVENTION", version: String(openedAt), effectiveFrom: LATER, ...tightened }));
    expect(first).toMatchObject({ status: "ok" });

    actAs(await makeUser("DERMATOLOGIST"));
    const stale = await saveClinicSettingsAction(
      IDLE,
      form({ kind: "PREGNANCY_PREVENTION", version: String(openedAt), effectiveFrom: LATER, ...shown, screeningLookbackDays: "90" }),
    );

    expect((await getPregnancySettings(LATER)).maxDaysSupply).toBe(20);
    expect(stale).toMatchObject({ status: "error", message: expect.stringContaining("changed by someone else") });
    expect(await testDb().clinicConfig.count({ where: { kind: "PREGNANCY_PREVENTION", version: { gt: openedAt + 1 } } })).toBe(0);
    // Opened again at the version now saved, the change goes through.
    const again = await saveClinicSettingsAction(
      IDLE,
      form({ kind: "PREGNANCY_PREVENTION", version: String(openedAt + 1), effectiveFrom: LATER, ...tightened, screeningLookbackDays: "90" }),
    );
    expect(again).toMatchObject({ status: "ok" });
    expect(await getPregnancySettings(LATER)).toMatchObject({ maxDaysSupply: 20, screeningLookbackDays: 90 });
  });
});
