import { describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { giveSetupLinkAction } from "@/app/(portal)/approvals/account-actions";
import { PREGNANCY_TEST_ROLE } from "@/lib/data/correct-records";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

// A refusal the data layer makes for who the caller is (a rule that depends on the role or on the caller's own
// account, past the action's permission) is an access attempt like a refused permission: recorded as one, with
// nothing else written.

const denials = (userId: string) =>
  testDb().auditEvent.findMany({ where: { action: "access.denied", actorId: userId }, select: { entityType: true, entityId: true, changes: true } });

describe("refusals made past an action's permission", () => {
  it("a nurse correcting a pregnancy test is refused and the attempt is recorded", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient();
    const test = await pregnancyTest(p.id, TODAY, nurse.id);
    actAs(nurse);
    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: test.id, value: "POSITIVE", reason: "Misread" }))).toMatchObject({
      status: "error",
      message: PREGNANCY_TEST_ROLE,
    });
    expect(await countRows()).toEqual(before);
    expect(await denials(nurse.id)).toEqual([{ entityType: "Action", entityId: "labs.write", changes: { refusedBy: "rule" } }]);
  });

  it("a dermatologist giving itself a setup link is refused and the attempt is recorded", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const before = await countRows();
    expect(await giveSetupLinkAction(IDLE, form({ userId: derm.id, role: "DERMATOLOGIST" }))).toMatchObject({ status: "error" });
    expect(await countRows()).toEqual(before);
    expect(await denials(derm.id)).toHaveLength(1);
  });
});
