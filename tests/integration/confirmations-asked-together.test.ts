import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { tokenIn } from "./confirmations";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A form shows the confirmations its answer asks for, unticked, and sends back the ones ticked. So while any is
 * missing, every confirmation the write needs is asked again: an answer asking only for the missing ones would
 * hide the one ticked a moment before, and ticking the other would bring it back, with no way to save.
 */
describe("confirmations asked together", () => {
  it("a course start with two dose warnings, one confirmed: both are asked again; both confirmed: saved", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    // 130 mg every other day at 60 kg: 1.08 mg/kg/day (above 1), and a dosing day of 2.17 mg/kg (above 2).
    const start = (ack: string[]) =>
      form({
        patientId: p.id,
        indication: "ACNE_NODULAR",
        regimenIntent: "STANDARD",
        startDate: addDays(TODAY, -10),
        targetMgPerKg: "120",
        startWeightKg: "60",
        product: "CLARAVIS",
        capsuleStrengthMg: "10",
        daysSupply: "30",
        refills: "0",
        mgPerIntake: "130",
        intakesPerDay: "1",
        pattern: "EVERY_N_DAYS",
        everyNDays: "2",
        counseled: "on",
        ack,
      });
    const codes = (r: unknown) => ((r as { state: { warnings?: { code: string }[] } }).state.warnings ?? []).map((w) => w.code).sort();
    const first = await callAction(() => startCourseAction(IDLE, start([])));
    expect(first).toMatchObject({ state: { status: "confirm" } });
    expect(codes(first)).toEqual(["DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG"]);
    const [above, dosingDay] = [tokenIn(first, "DAILY_EQUIVALENT_ABOVE_1_MG_KG"), tokenIn(first, "DOSING_DAY_ABOVE_2_MG_KG")];
    const one = await callAction(() => startCourseAction(IDLE, start([above])));
    expect(one).toMatchObject({ state: { status: "confirm" } });
    expect(codes(one)).toEqual(["DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG"]);
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
    expect(await callAction(() => startCourseAction(IDLE, start([above, dosingDay])))).toEqual({
      redirect: `/patients/${p.id}`,
    });
  });

  it("a lab panel with two unusual values, one confirmed: both are asked again; both confirmed: saved", async () => {
    actAs(await makeUser("NURSE"));
    const p = await makePatient();
    const tests = await testDb().labTest.findMany({ where: { code: { in: ["2571-8", "1742-6"] } } });
    const tg = tests.find((t) => t.code === "2571-8")!.id;
    const alt = tests.find((t) => t.code === "1742-6")!.id;
    const submissionId = randomUUID();
    // TG 2500 mg/dL (usual up to 2000) and ALT 1500 U/L (usual up to 1000): each unusual.
    const panel = (ack: string[]) =>
      recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId, specimenDate: TODAY, [`value:${tg}`]: "2500", [`value:${alt}`]: "1500", ack }));
    const codes = (r: { warnings?: { code: string }[] }) => (r.warnings ?? []).map((w) => w.code).sort();
    const both = [`UNUSUAL:${alt}`, `UNUSUAL:${tg}`].sort();
    const first = await panel([]);
    expect(first).toMatchObject({ status: "confirm" });
    expect(codes(first as never)).toEqual(both);
    const one = await panel([tokenIn(first, `UNUSUAL:${tg}`)]);
    expect(one).toMatchObject({ status: "confirm" });
    expect(codes(one as never)).toEqual(both);
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect(await panel(both.map((code) => tokenIn(first, code)))).toMatchObject({ status: "ok" });
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(2);
  });
});
