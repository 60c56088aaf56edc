import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { MonitoringSection } from "@/app/(portal)/patients/[patientId]/_components/monitoring-section";
import { addDays } from "@/lib/domain/dates";
import { altResult, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A repeat test asked for at a review belongs to no course: once done it stays among the patient's items. The
 * patient page lists the items completed or waived in the last 30 days under "Completed and waived", and the older
 * ones under a summary of their own, a click away.
 */
it("lists a repeat test done more than 30 days ago apart from last week's, a click away", async () => {
  const derm = await makeUser("DERMATOLOGIST");
  const p = await makePatient();
  const db = testDb();
  // A high ALT reviewed with a repeat asked for, done 80 days ago; another, done 5 days ago.
  for (const [reviewed, done] of [
    [-100, -80],
    [-20, -5],
  ] as const) {
    const result = await altResult(p.id, derm.id, addDays(TODAY, reviewed), "HIGH");
    await db.labRepeatRequest.create({
      data: { patientId: p.id, labResultId: result.id, dueDate: new Date(`${addDays(TODAY, reviewed + 10)}T00:00:00Z`), requestedById: derm.id },
    });
    await altResult(p.id, derm.id, addDays(TODAY, done), "HIGH");
  }
  const html = renderToStaticMarkup(await MonitoringSection({ patientId: p.id, viewer: { role: "DERMATOLOGIST" }, today: TODAY, doNotCall: false }));
  expect(html).toContain("Completed and waived (1)");
  expect(html).toContain("Completed or waived more than 30 days ago (1)");
});
