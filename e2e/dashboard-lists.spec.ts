import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, recordLabs, type SpecPatient, type SpecUser } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * The dashboard's alert panels show the ten most urgent results of their list (critical first, then the
 * oldest), every one of them, with a link to the rest; its count tiles lead to the lists they count; on a
 * phone the tiles take two short rows, so the alerts start on the first screen.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

// Eleven critical ALT results (400 U/L, above 5 x the upper limit of 40) collected long ago: the oldest of the list.
let derm: SpecUser;
let patient: SpecPatient;
test.beforeAll(async () => {
  derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  const today = clinicToday();
  for (let i = 0; i < 11; i++) await recordLabs(patient, derm, addDays(today, -3000 - i), { "1742-6": "400" });
});
// Reviewed, they leave the lists for the specs after this one.
test.afterAll(() =>
  db.labResult.updateMany({ where: { patientId: patient.id, acknowledgedAt: null }, data: { acknowledgedAt: new Date(), acknowledgedById: derm.id } }),
);

test("each alert panel shows its ten most urgent results and says how many more there are, with a link to the whole list", async ({ page }) => {
  await page.goto("/dashboard");
  const panel = page.getByRole("region", { name: "Critical alerts" });
  const rows = page.getByTestId("critical-alerts").getByRole("listitem");
  await expect(rows).toHaveCount(10);
  // The oldest first: every row shown is one of this patient's (collected 3,000 to 3,010 days ago).
  await expect(rows.filter({ hasText: patient.name })).toHaveCount(10);
  const total = Number(await page.getByTestId("count-critical").textContent());
  expect(total).toBeGreaterThanOrEqual(11);
  await expect(page.getByTestId("critical-alerts-count")).toHaveText(`10 of ${total}`);
  // Each row's review button names its result and patient, for a screen reader to tell it from the others.
  for (const i of [1, 2])
    await expect(
      panel.getByRole("button", { name: `Mark reviewed: ALT of ${formatDate(addDays(clinicToday(), -3000 - i))} for ${patient.name}`, exact: true }),
    ).toHaveCount(1);
  // Every row is in view of the panel: nothing scrolls inside it.
  expect(
    await panel.evaluate((el) => [...el.querySelectorAll("*")].some((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== "visible")),
  ).toBe(false);
  const more = page.getByTestId("critical-alerts-more");
  await expect(more).toHaveText(`${total - 10} more critical alert${total - 10 === 1 ? "" : "s"} →`);

  await more.click();
  await expect(page).toHaveURL(/\/dashboard\/alerts$/);
  await expect(page.getByRole("heading", { name: "Results awaiting review", level: 1 })).toBeVisible();
  await expect(page.getByTestId("alerts-tab-critical")).toHaveAttribute("aria-current", "page");
  const all = page.getByTestId("critical-alerts").getByRole("listitem");
  await expect(all).toHaveCount(Math.min(total, 25));
  await expect(all.filter({ hasText: patient.name })).toHaveCount(11);
  await expect(page.getByTestId("critical-alerts-count")).toHaveText(`1–${Math.min(total, 25)} of ${total}`);

  // Reviewed from the whole list, a result leaves it.
  const first = all.first();
  await first.getByLabel("Note").fill("Repeat ordered");
  await first.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByTestId("critical-alerts").getByRole("listitem").filter({ hasText: patient.name })).toHaveCount(10);
  await expect(page.getByTestId("alerts-tab-critical")).toHaveText(`Critical alerts (${total - 1})`);

  // The other list is a tab away.
  await page.getByTestId("alerts-tab-abnormal").click();
  await expect(page).toHaveURL(/\/dashboard\/alerts\?list=abnormal$/);
  await expect(page.getByRole("region", { name: "Abnormal results awaiting review" })).toBeVisible();
});

test("each count tile leads to the list it counts", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.getByTestId("count-critical-link")).toHaveAttribute("href", "/dashboard/alerts");
  await expect(page.getByTestId("count-abnormal-link")).toHaveAttribute("href", "/dashboard/alerts?list=abnormal");
  await expect(page.getByTestId("count-near-target-link")).toHaveAttribute("href", "/dashboard?sort=progress&dir=desc#active-heading");

  await page.getByTestId("count-abnormal").click();
  await expect(page).toHaveURL(/\/dashboard\/alerts\?list=abnormal$/);
  await expect(page.getByTestId("alerts-tab-abnormal")).toHaveAttribute("aria-current", "page");

  await page.goto("/dashboard");
  await page.getByTestId("count-overdue").click();
  await expect(page).toHaveURL(/\/monitoring\?status=OVERDUE$/);
  await expect(page.getByLabel("Status")).toHaveValue("OVERDUE");

  await page.goto("/dashboard?sort=patient&dir=asc");
  await page.getByTestId("count-near-target").click();
  await expect(page).toHaveURL(/\/dashboard\?sort=progress&dir=desc#active-heading$/);
  await expect(page.getByRole("heading", { name: /^Active courses/ })).toContainText("by progress, descending");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 667 } });
  // An account waiting for a dermatologist's setup link: the approvals notice takes its room above the counts.
  let waitingId: string;
  test.beforeAll(async () => {
    const tag = randomBytes(5).toString("hex");
    const data = { email: `e2e-waiting-${tag}@spec.isotrack.test`, name: `Waiting ${tag}`, role: "NURSE" as const };
    waitingId = (await db.user.create({ data, select: { id: true } })).id;
  });
  test.afterAll(() => db.user.update({ where: { id: waitingId }, data: { disabled: true } }));

  test("the count tiles take two columns, and the critical alerts start on the first screen, below the notices", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page.getByTestId("approvals-notice")).toBeVisible();
    const tiles = await Promise.all(
      ["count-critical-link", "count-abnormal-link", "count-overdue-link", "count-near-target-link"].map(async (id) => {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, id).not.toBeNull();
        return box!;
      }),
    );
    // Two by two: the first two side by side, the last two on the row below.
    expect(Math.abs(tiles[0]!.y - tiles[1]!.y)).toBeLessThan(1);
    expect(tiles[1]!.x).toBeGreaterThan(tiles[0]!.x + tiles[0]!.width - 1);
    expect(Math.abs(tiles[2]!.y - tiles[3]!.y)).toBeLessThan(1);
    expect(tiles[2]!.y).toBeGreaterThan(tiles[0]!.y);
    const heading = await page.getByRole("region", { name: "Critical alerts" }).getByRole("heading").boundingBox();
    expect(heading).not.toBeNull();
    expect(heading!.y + heading!.height).toBeLessThan(667);
  });
});
