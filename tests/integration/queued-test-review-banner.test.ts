import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PregnancyBanner } from "@/app/(portal)/patients/[patientId]/_components/pregnancy-banner";
import { importHl7File } from "@/lib/data/import-hl7";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { QUEUED_LAB_RESULT } from "@/lib/domain/pregnancy/pregnancy-tests";
import { makePatient, makeUser, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";

/*
 * A laboratory's pregnancy test waiting in the queue for a matched patient (here a preliminary result, which is
 * not recorded) stops her prescribing until it is filed or dismissed (lib/data/hl7-queue-holds.ts). Only a
 * dermatologist's review lifts such a stop, as it lifts an undecided test's: every role's banner says so, in the
 * words it uses for an undecided test without naming any result.
 */
describe("the banner while a laboratory's pregnancy test waits for review", () => {
  it("says a dermatologist's review is required, to office staff as to clinicians, without the result", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const nurse = await makeUser("NURSE");
    const imported = await importHl7File(
      { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } },
      oru(`QB-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Positive", "P")]),
      TODAY,
    );
    expect(imported.messages[0]).toMatchObject({ queued: 1, attached: 0 });
    for (const role of ["STAFF", "NURSE", "DERMATOLOGIST"] as const) {
      const o = await getPregnancyOverview({ role }, p.id, TODAY);
      expect(o).toMatchObject({ prescribingStopped: true, reviewNeeded: true });
      const html = renderToStaticMarkup(await PregnancyBanner({ patientId: p.id, viewer: { role } }));
      expect(html).toContain("Dermatologist review required before any further prescription.");
      expect(html).not.toContain("Positive");
    }
  });

  it("says why, to every role, and links to Unfiled lab results for the roles that may open it (labs.write), not office staff", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const nurse = await makeUser("NURSE");
    await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, oru(`QB-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Positive", "P")]), TODAY);
    for (const [role, linked] of [
      ["STAFF", false],
      ["NURSE", true],
      ["DERMATOLOGIST", true],
    ] as const) {
      const html = renderToStaticMarkup(await PregnancyBanner({ patientId: p.id, viewer: { role } }));
      expect(html).toContain(`${QUEUED_LAB_RESULT}.`);
      expect([html.includes('href="/labs/queue"'), html.includes("Open Unfiled lab results")], role).toEqual([linked, linked]);
    }
  });
});
