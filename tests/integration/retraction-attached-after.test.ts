import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7ResultAction, dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, testDb } from "./helpers";
import { hcg, nurseUploads, oru, retractionOf } from "./hl7-helpers";

/**
 * A laboratory's retraction is not dismissed while the result it names is current on the patient's chart
 * (lib/data/hl7-queue-retraction.ts). The result it names may reach the chart after the retraction came: the
 * laboratory's own final result waited in the queue (here a negative pregnancy test sent without its collection
 * date) and is attached from there later. That result is the one the laboratory retracted, current on the chart
 * (a prescription may be written on it), and the retraction must still not be dismissed.
 */
const db = () => testDb();

const { users, upload } = nurseUploads();

describe("a retraction whose result is attached from the queue after it came", () => {
  it("of a negative pregnancy test is not dismissed while that test is current on the chart", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await upload(oru(`RA-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Negative", "F")], { obr: "" }));
    const waiting = await db().hl7QueueEntry.findFirstOrThrow({ where: { patientId: p.id, reason: "COLLECTION_DATE_MISSING" } });
    await upload(oru(`RA-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Negative", "W")]));
    const retraction = await retractionOf(p.id);

    // The final result the laboratory then retracted is attached from the queue, its collection date from the report.
    actAs(users.nurse);
    const attached = await attachHl7ResultAction(IDLE, form({ entryId: waiting.id, mrn: p.mrn, birthDate: "2000-01-01", collectionDate: "2026-11-22" }));
    expect(attached).toMatchObject({ status: "ok" });
    const current = await db().labResult.findMany({ where: { patientId: p.id, voidedAt: null } });
    expect(current.map((r) => [r.code, r.specimenDate.toISOString().slice(0, 10), r.valueQualitative])).toEqual([["2106-3", "2026-11-22", "NEGATIVE"]]);

    actAs(users.derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: retraction.id, reason: "Seen" }))).toMatchObject({ status: "error" });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: retraction.id } })).status).toBe("PENDING");
  });
});
