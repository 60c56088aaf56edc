import { describe, expect, expectTypeOf, it } from "vitest";
import { ROLES } from "@/lib/auth/permissions";
import type { DosePattern } from "@/lib/domain/dosing/schedule";
import type { CatalogueEntry } from "@/lib/domain/monitoring/catalogue";
import type { Flag } from "@/lib/domain/monitoring/flags";
import type { Clearance, ContraceptionRecord, PregnancyCategory, TestResult, TestSetting } from "@/lib/domain/pregnancy";
import * as Db from "@/lib/generated/prisma/enums";
import type { ReminderChannel } from "@/lib/reminders/eligibility";
import { SETTINGS_KINDS } from "./settings";

/**
 * The pure rules name their own value types; the database's enums are the source of every stored value.
 * Each pair must be the same set, so a value added on one side fails the type check until the other has it.
 */
describe("value lists shared by the rules and the database", () => {
  it("are the same sets of values", () => {
    expectTypeOf<PregnancyCategory>().toEqualTypeOf<Db.PregnancyCategory>();
    expectTypeOf<TestResult>().toEqualTypeOf<Db.QualitativeResult>();
    expectTypeOf<TestSetting>().toEqualTypeOf<Db.PregnancyTestSetting>();
    expectTypeOf<ContraceptionRecord["method"]>().toEqualTypeOf<Db.ContraceptionMethod>();
    expectTypeOf<Clearance["outcome"]>().toEqualTypeOf<Db.PregnancyDecisionOutcome>();
    expectTypeOf<Flag>().toEqualTypeOf<Db.LabFlag>();
    expectTypeOf<CatalogueEntry["kind"]>().toEqualTypeOf<Db.LabValueKind>();
    expectTypeOf<DosePattern["kind"]>().toEqualTypeOf<Db.DosePattern>();
    expectTypeOf<ReminderChannel>().toEqualTypeOf<Db.ReminderChannel>();
  });

  it("list the roles and the kinds of clinic settings in the database's order", () => {
    expect(ROLES).toEqual(Object.values(Db.Role));
    expect(SETTINGS_KINDS).toEqual(Object.values(Db.ConfigKind));
  });
});
