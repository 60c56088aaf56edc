import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { dailyCourseStarted } from "./course-fixture";
import { tokenFor, tokenIn } from "./confirmations";
import { CLINICIAN, countRows, form, testDb, TODAY } from "./helpers";

/**
 * A prescription whose schedule differs from the course's regimen, or written while earlier supply lasts more
 * than a week past its start, is saved only once the prescriber confirms it, the dose change with a typed
 * reason (today is Mon 23 Nov 2026; 60 kg, Claravis 20 mg capsules, 30 days, no refills).
 */
const today = TODAY;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };

/** A course of `mg` daily started `daysAgo` days ago with its first 30-day prescription, by a dermatologist still signed in. */
const courseStarted = (daysAgo: number, mg: number) => dailyCourseStarted(addDays(today, -daysAgo), mg);

async function prescribe(courseId: string, over: Record<string, string | string[]>) {
  const { version } = await testDb().course.findUniqueOrThrow({ where: { id: courseId } });
  return writePrescriptionAction(IDLE, form({ courseId, version: String(version), writtenOn: today, ...RX, ...over }));
}

const totals = async (patientId: string) => {
  const s = (await getPatientTreatment(CLINICIAN, patientId, today)).courses[0]!.summary;
  return { totalMg: s.totalMg, projected: s.projectedTargetDate };
};

describe("a prescription that changes the regimen", () => {
  it("is refused without a confirmation and a reason, then saved with both; the dose change carries the reason", async () => {
    // 60 mg daily from 2 Oct: its 30 days ran out on 31 Oct, so no supply question.
    const { p, course } = await courseStarted(52, 60);
    const before = await countRows();
    const figures = await totals(p.id);

    const asked = await prescribe(course.id, { mgPerIntake: "40" });
    const said =
      "This changes the dose from 60 mg daily to 40 mg daily from 23 Nov 2026: the cumulative dose and the projected target date follow it. Give the reason for the change.";
    expect(asked).toMatchObject({ status: "confirm", warnings: [{ code: "PRESCRIPTION_CHANGES_REGIMEN", message: said }] });
    const confirmed = tokenFor("PRESCRIPTION_CHANGES_REGIMEN", said);
    // Confirmed, but no reason typed (blank or spaces): still refused.
    for (const reason of [undefined, "   "]) {
      const unexplained = await prescribe(course.id, { mgPerIntake: "40", ack: confirmed, ...(reason === undefined ? {} : { reason }) });
      expect(unexplained).toMatchObject({
        status: "error",
        fieldErrors: { reason: ["Enter the reason for changing the dose from 60 mg daily to 40 mg daily from 23 Nov 2026."] },
      });
    }
    // A reason without the confirmation is not enough either.
    expect(await prescribe(course.id, { mgPerIntake: "40", reason: "Cheilitis and nosebleeds" })).toMatchObject({ status: "confirm" });
    expect(await countRows()).toEqual(before);
    expect((await testDb().course.findUniqueOrThrow({ where: { id: course.id } })).version).toBe(course.version);
    expect(await totals(p.id)).toEqual(figures);

    const saved = await prescribe(course.id, { mgPerIntake: "40", ack: confirmed, reason: "  Cheilitis and nosebleeds " });
    expect(saved).toEqual({ status: "ok", message: "Prescription saved. The dose changes from 60 mg daily to 40 mg daily from 23 Nov 2026." });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    expect(rx.acknowledgedWarnings).toEqual(["PRESCRIPTION_CHANGES_REGIMEN"]);
    const change = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, effectiveFrom: day(today) } });
    expect([change.mgPerIntake, change.reason, change.prescriptionId, change.acknowledgedWarnings]).toEqual([
      40,
      "Cheilitis and nosebleeds",
      rx.id,
      ["PRESCRIPTION_CHANGES_REGIMEN"],
    ]);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.create", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ regimenChanged: true, doseChangeReason: "Cheilitis and nosebleeds" });
    // 2 Oct .. 22 Nov at 60 mg (52 days) and today at 40 mg.
    expect((await totals(p.id)).totalMg).toBe(52 * 60 + 40);
  });
});

describe("a prescription written while earlier supply lasts", () => {
  it("is refused without a confirmation naming the supply, then saved with it, the regimen untouched", async () => {
    // 40 mg daily from 17 Nov: its 30 days run 17 Nov .. 16 Dec, 23 days past today.
    const { course } = await courseStarted(6, 40);
    const before = await countRows();
    const said =
      "Supply from earlier prescriptions runs to 16 Dec 2026, 23 days after this prescription starts; with this one the patient is supplied through 15 Jan 2027.";
    expect(await prescribe(course.id, { mgPerIntake: "40" })).toMatchObject({
      status: "confirm",
      warnings: [{ code: "EARLIER_SUPPLY_OUTLASTS_START", message: said }],
    });
    expect(await countRows()).toEqual(before);

    // A confirmation of the supply as it read on another day (a page left open since) is asked again.
    const stale =
      "Supply from earlier prescriptions runs to 16 Dec 2026, 24 days after this prescription starts; with this one the patient is supplied through 15 Jan 2027.";
    expect(await prescribe(course.id, { mgPerIntake: "40", ack: tokenFor("EARLIER_SUPPLY_OUTLASTS_START", stale) })).toMatchObject({ status: "confirm" });
    expect(await countRows()).toEqual(before);
    const confirmed = tokenFor("EARLIER_SUPPLY_OUTLASTS_START", said);
    expect(await prescribe(course.id, { mgPerIntake: "40", ack: confirmed })).toEqual({ status: "ok", message: "Prescription saved." });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    expect(rx.acknowledgedWarnings).toEqual(["EARLIER_SUPPLY_OUTLASTS_START"]);
    expect(await testDb().doseChange.count({ where: { courseId: course.id } })).toBe(1);
  });

  it("asks both at once when an early prescription also changes the dose", async () => {
    const { course } = await courseStarted(6, 40);
    const asked = await prescribe(course.id, { mgPerIntake: "60" });
    expect(asked.status === "confirm" ? asked.warnings.map((w) => w.code) : asked).toEqual(["PRESCRIPTION_CHANGES_REGIMEN", "EARLIER_SUPPLY_OUTLASTS_START"]);
    const [regimen, supply] = [tokenIn(asked, "PRESCRIPTION_CHANGES_REGIMEN"), tokenIn(asked, "EARLIER_SUPPLY_OUTLASTS_START")];
    expect(await prescribe(course.id, { mgPerIntake: "60", ack: [regimen], reason: "Slow response" })).toMatchObject({
      status: "confirm",
      // Both again, the one confirmed included: the form shows only what it is asked for, unticked.
      warnings: [{ code: "PRESCRIPTION_CHANGES_REGIMEN" }, { code: "EARLIER_SUPPLY_OUTLASTS_START" }],
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
    expect(await prescribe(course.id, { mgPerIntake: "60", ack: [supply, regimen], reason: "Slow response" })).toEqual({
      status: "ok",
      message: "Prescription saved. The dose changes from 40 mg daily to 60 mg daily from 23 Nov 2026.",
    });
  });
});

describe("a renewal at the same schedule in the last week of the supply", () => {
  it("is saved as before: no question, no dose change, the typed reason unused", async () => {
    // 40 mg daily from 1 Nov: its 30 days run to 30 Nov, 7 days past today.
    const { course } = await courseStarted(22, 40);
    expect(await prescribe(course.id, { mgPerIntake: "40", reason: "Renewal" })).toEqual({ status: "ok", message: "Prescription saved." });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    expect(rx.acknowledgedWarnings).toEqual([]);
    expect(await testDb().doseChange.count({ where: { courseId: course.id } })).toBe(1);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.create", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ regimenChanged: false });
    expect(audit.changes).not.toHaveProperty("doseChangeReason");
  });
});
