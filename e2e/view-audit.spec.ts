import { db } from "../lib/db";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient, type SpecUser } from "./data";
import { expect, signIn, test } from "./fixtures";

/**
 * Access accounting as the production server writes it: one audit row per list a page shows (the
 * dashboard streams three), naming every patient the page showed, and one per patient record opened.
 */
let derm: SpecUser;
let patient: SpecPatient;
test.beforeAll(async () => {
  derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20);
});

const views = (action: string) =>
  db.auditEvent.findMany({ where: { actorId: derm.id, action }, orderBy: { id: "asc" }, select: { entityId: true, patientId: true, changes: true } });

test("a dashboard view names exactly the patients it showed, and a patient page view leaves one row", async ({ page }) => {
  await signIn(page, derm);
  await expect(page).toHaveURL(/\/dashboard$/);
  // The address changes before the page it names is drawn: its heading first, then its streamed lists.
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
  // The patients the page links to are the patients its row names.
  const hrefs = await page.locator('main a[href^="/patients/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const shown = new Set(hrefs.map((h) => /^\/patients\/([0-9a-f-]{36})$/.exec(h)?.[1]).filter(Boolean));
  expect(shown.size).toBeGreaterThan(0);
  const lists = await views("patients.view_list");
  expect(lists.map((l) => [l.entityId, (l.changes as { filters: { part: string } }).filters.part]).sort()).toEqual([
    ["dashboard", "alerts"],
    ["dashboard", "courses"],
    ["dashboard", "overdue"],
  ]);
  expect(new Set(lists.flatMap((l) => (l.changes as { patientIds: string[] }).patientIds))).toEqual(shown);

  await page.goto(`/patients/${patient.id}`);
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
  expect(await views("patient.view")).toEqual([{ entityId: patient.id, patientId: patient.id, changes: { section: "summary" } }]);
  expect(await views("patients.view_list")).toHaveLength(3);
});
