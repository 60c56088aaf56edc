import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { buildRecord, fhirGet, makeApiClient, type FhirRecord, type Res } from "./fhir-record";
import { makeUser, pregnancyTest, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/*
 * An office staff client learns what the portal tells office staff: that a dermatologist's review is needed before
 * any further prescription, in the banner's words, never that a pregnancy test awaits it (the portal says the same
 * for a laboratory's result waiting in the queue, so the flag's presence names no result either).
 */
const NEUTRAL = {
  system: "https://isotrack.example/fhir/CodeSystem/isotrack",
  code: "dermatologist-review-required",
  display: "Dermatologist review required before any further prescription",
};

let rec: FhirRecord;
const tokens = {} as Record<"STAFF" | "DERMATOLOGIST", string>;

beforeAll(async () => {
  rec = await buildRecord();
  for (const role of ["STAFF", "DERMATOLOGIST"] as const) tokens[role] = (await makeApiClient(role)).token;
});

const flags = async (patientId: string, role: keyof typeof tokens): Promise<Res[]> => {
  const r = await fhirGet(`Flag?patient=${patientId}`, tokens[role]);
  expect(r.status).toBe(200);
  return (r.body.entry ?? []).map((e: Res) => e.resource);
};

describe("FHIR Flag: office staff get the portal's neutral review flag", () => {
  it("an undecided positive test: the neutral code and wording, an id that names no test; the clinical flag stays for a dermatologist", async () => {
    const staff = await flags(rec.patient.id, "STAFF");
    expect(staff.map((f) => f.id).sort()).toEqual([`${rec.patient.id}.pregnancy-category`, `${rec.patient.id}.review-required`]);
    const review = staff.find((f) => f.id === `${rec.patient.id}.review-required`)!;
    expect(review).toEqual({
      resourceType: "Flag",
      id: `${rec.patient.id}.review-required`,
      status: "active",
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/flag-category", code: "drug", display: "Drug" }] }],
      subject: { reference: `Patient/${rec.patient.id}` },
      code: { coding: [NEUTRAL], text: NEUTRAL.display },
    });
    const text = JSON.stringify(staff);
    for (const leak of ["pregnancy-test-review", "Pregnancy test", "pregnancy test", "Observation/"]) expect(text).not.toContain(leak);
    expect((await fhirGet(`Flag/${rec.patient.id}.pregnancy-test-review`, tokens.STAFF)).status).toBe(404);
    expect((await fhirGet(`Flag/${rec.patient.id}.review-required`, tokens.STAFF)).body).toEqual(review);

    const clinical = await flags(rec.patient.id, "DERMATOLOGIST");
    expect(clinical.map((f) => f.id).sort()).toEqual([`${rec.patient.id}.pregnancy-category`, `${rec.patient.id}.pregnancy-test-review`]);
  });

  it("flagged for staff exactly when the portal tells staff a review is needed: a laboratory's test in the queue too, a negative test not", async () => {
    const negative = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(negative.p.id, addDays(TODAY, -1), negative.derm.id);

    const queued = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(queued.p.id, addDays(TODAY, -1), queued.derm.id);
    const { token } = await makeLabInterface(await makeUser("ADMIN"), `Flag lab ${randomUUID().slice(0, 6)}`);
    // Another date of birth than hers: the result waits in the queue, unread by the rules.
    expect((await postHl7(token, oru(`FLAG-${randomUUID().slice(0, 8)}`, queued.p.mrn, [hcg("Positive", "F")], { dob: "19991231" }))).msa[0]).toBe("AA");

    for (const [patientId, expected] of [
      [negative.p.id, false],
      [queued.p.id, true],
      [rec.patient.id, true],
    ] as const) {
      expect((await getPregnancyOverview({ role: "STAFF" }, patientId, TODAY))!.reviewNeeded, patientId).toBe(expected);
      const review = (await flags(patientId, "STAFF")).filter((f) => f.id === `${patientId}.review-required`);
      expect(
        review.map((f) => f.code.coding[0]),
        patientId,
      ).toEqual(expected ? [NEUTRAL] : []);
    }
  });
});
