import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getLabAlerts } from "@/lib/data/labs";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { tokenFor } from "./confirmations";
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

describe("a hand correction to an unusual value", () => {
  it("is asked about until that value is confirmed as shown, then saved with the confirmation in its audit row", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient();
    const alt = await testDb().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const recorded = await recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: addDays(TODAY, -3), [`value:${alt.id}`]: "15" }),
    );
    expect(recorded).toMatchObject({ status: "ok" });
    const original = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } });

    // ALT 1500 U/L is possible (below 20,000) but above the usual 1,000 U/L: hand entry asks for a second look.
    const before = await countRows();
    const typo = { labResultId: original.id, value: "1500", reason: "Wrong value typed" };
    const unusual = (value: string) => `${alt.name}: ${value} U/L is unusually high (above 1000 U/L).`;
    const asked = { code: `UNUSUAL:${alt.id}`, message: unusual("1500"), token: tokenFor(`UNUSUAL:${alt.id}`, unusual("1500")) };
    expect(await correctLabResultAction(IDLE, form(typo))).toMatchObject({ status: "confirm", warnings: [asked], values: { value: "1500" } });
    expect(await countRows()).toEqual(before);
    expect(await testDb().labResult.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ voidedAt: null, replacedById: null });

    // Anything but a confirmation this form asks for is the form's error, not a confirmation.
    for (const ack of ["on", `UNUSUAL:${alt.id}`, tokenFor(`DUPLICATE:${alt.id}`, unusual("1500"))])
      expect(await correctLabResultAction(IDLE, form({ ...typo, ack }))).toMatchObject({ status: "error", fieldErrors: { ack: [expect.any(String)] } });
    // The confirmation of 1500 does not pass another unusual value typed into the same form: it is asked about.
    expect(await correctLabResultAction(IDLE, form({ ...typo, value: "1600", ack: asked.token }))).toMatchObject({
      status: "confirm",
      warnings: [{ code: `UNUSUAL:${alt.id}`, message: unusual("1600") }],
    });
    expect(await countRows()).toEqual(before);

    expect(await correctLabResultAction(IDLE, form({ ...typo, ack: asked.token }))).toMatchObject({ status: "ok" });
    const corrected = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    // 1500 U/L is above 5x the upper limit of the range: critical.
    expect([Number(corrected.valueNumeric), corrected.flag]).toEqual([1500, "CRITICAL"]);
    expect(await testDb().labResult.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ replacedById: corrected.id });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.correct" } });
    expect(audit.changes).toMatchObject({ reason: "Wrong value typed", after: { id: corrected.id, value: 1500, flag: "CRITICAL" }, confirmed: ["UNUSUAL"] });

    // A usual value needs no confirmation, and a confirmation sent with one records none.
    expect(
      await correctLabResultAction(IDLE, form({ labResultId: corrected.id, value: "150", reason: "Still wrong, 150 on the report", ack: asked.token })),
    ).toMatchObject({ status: "ok" });
    const second = await testDb().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.correct", entityId: corrected.id } });
    expect(second.changes).not.toHaveProperty("confirmed");
  });
});

describe("a hand correction that makes a result already on file", () => {
  it("names that result and counts once, as the same result entered again by hand does: one alert, not two", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient();
    const tg = (await testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
    const specimen = addDays(TODAY, -5);
    // TG 520 mg/dL is action-level (>= 500); the same report typed a second time as 502 (also action-level).
    for (const value of ["520", "502"]) {
      const r = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: specimen, [`value:${tg}`]: value }));
      expect(r).toMatchObject({ status: "ok" });
    }
    const [first, typo] = await testDb().labResult.findMany({ where: { patientId: p.id }, orderBy: { enteredAt: "asc" } });
    const mine = async () => (await getLabAlerts(CLINICIAN, 10_000)).abnormal.filter((a) => a.patientId === p.id).map((a) => a.id);
    expect((await mine()).sort()).toEqual([first!.id, typo!.id].sort());

    // The typo corrected to what the report says: 520 on the same day, the result already on file.
    expect(await correctLabResultAction(IDLE, form({ labResultId: typo!.id, value: "520", reason: "Typing error, 520 on the report" }))).toMatchObject({
      status: "ok",
    });
    // Entered again by hand, the same result (TG, same day, 520) would name the first (duplicate_of_id) after a
    // confirmation, and count once. The correction is that same result: one alert, the first's.
    expect(await mine()).toEqual([first!.id]);
    const corrected = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null, id: { not: first!.id } } });
    expect(corrected.duplicateOfId).toBe(first!.id);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: typo!.id } });
    expect(audit.changes).toMatchObject({ after: { id: corrected.id, value: 520, duplicateOf: first!.id } });
  });
});
