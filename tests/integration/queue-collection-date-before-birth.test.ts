import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { importHl7File } from "@/lib/data/import-hl7";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";

/**
 * A specimen is never dated before the patient's date of birth when its date is typed by hand
 * (lib/domain/date-of-birth.ts). A pregnancy test the laboratory sent without a collection date is attached from
 * the queue with the date typed from the laboratory's report: one before the date of birth (1999 for 2026) must be
 * refused on that field, nothing attached. Today it is attached, dated before the patient was born.
 */
describe("a pregnancy test attached from the queue with a collection date typed before the date of birth", () => {
  it("is refused on the collection date, and nothing is attached", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const out = await importHl7File(
      { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } },
      oru(`CB-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Negative", "F")], { obr: "" }),
      TODAY,
    );
    expect(out.messages.map((m) => m.status)).toEqual(["IMPORTED"]);
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { patientId: p.id, reason: "COLLECTION_DATE_MISSING" } });

    actAs(nurse);
    const answer = await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01", collectionDate: "1999-11-22" }));

    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect(answer).toMatchObject({ status: "error", fieldErrors: { collectionDate: [expect.stringContaining("date of birth")] } });
  });
});
