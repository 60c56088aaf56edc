import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7 } from "./hl7-helpers";

let token: string;
beforeAll(async () => {
  ({ token } = await makeLabInterface(await makeUser("ADMIN"), `Correction lab ${randomUUID().slice(0, 8)}`));
});

describe("a hand correction of a result received from a laboratory", () => {
  it("is judged by the laboratory's reference range sent with the result, not the catalogue's", async () => {
    const p = await makePatient();
    // ALT 90 U/L against the laboratory's range 0-33 (the catalogue's default range is 7-40).
    const sent = await postHl7(token, oru(`CR-${randomUUID().slice(0, 8)}`, p.mrn, ["NM|1742-6^ALT^LN||90|U/L|0-33|H|||F"]));
    expect(sent.msa[2]).toBe("Imported: 1 results attached, 0 waiting for review.");
    const received = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    expect([Number(received.refLow), Number(received.refHigh), received.flag]).toEqual([0, 33, "HIGH"]);

    actAs(await makeUser("NURSE"));
    expect(
      await correctLabResultAction(IDLE, form({ labResultId: received.id, value: "105", reason: "Transcribed wrongly, 105 on the report" })),
    ).toMatchObject({
      status: "ok",
    });
    const corrected = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    // 105 > 3 x 33 = 99 (action), <= 5 x 33 = 165 (critical): against the catalogue's 40 it would be only high (< 120).
    expect([Number(corrected.valueNumeric), Number(corrected.refLow), Number(corrected.refHigh), corrected.flag]).toEqual([105, 0, 33, "ACTION"]);
    expect(corrected.flagReason).toBe("105 U/L · above the lab range 0–33 · above the action level 99 (3× ULN) · at or below the critical level 165 (5× ULN)");
    // The laboratory's range text stays with the result; its abnormal flag was about the value replaced.
    expect([corrected.labRange, corrected.labFlag]).toEqual(["0-33", null]);
  });
});
