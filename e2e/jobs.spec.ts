import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * Pages never run the clinic-wide refresh: when it is behind they say how old their figures are, and the
 * background worker brings them up to date (here started by an administrator's "run now").
 */
test("a late refresh is shown on the dashboard and the worklist until the worker has run it", async ({ browser }) => {
  const today = clinicToday();
  const yesterday = addDays(today, -1);
  // As if the server had been down at midnight: the stored figures are yesterday's.
  await db.$executeRaw`UPDATE daily_refreshes SET as_of = ${yesterday}::date`;
  await db.$executeRaw`UPDATE course_summaries SET as_of = LEAST(as_of, ${yesterday}::date)`;

  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await derm.newPage();
  await page.goto("/dashboard");
  await expect(page.getByTestId("figures-as-of")).toContainText(`Figures as of ${formatDate(yesterday)}`);
  await page.goto("/monitoring");
  await expect(page.getByTestId("figures-as-of")).toContainText(`Figures as of ${formatDate(yesterday)}`);

  const admin = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const jobs = await admin.newPage();
  await jobs.goto("/admin/users");
  await jobs.getByRole("link", { name: "Background jobs" }).click();
  await expect(jobs.getByRole("heading", { name: "Background jobs", level: 1 })).toBeVisible();
  await expect(jobs.getByTestId("refresh-as-of")).toContainText(`Figures are as of ${formatDate(yesterday)}.`);
  await jobs.getByRole("button", { name: "Run the daily refresh now" }).click();
  await expect(jobs.getByRole("form", { name: "Run the daily refresh now" })).toContainText(/Daily refresh queued|already waiting/);

  // The worker in the server picks it up within seconds; the page shows the job and the new day.
  await expect(async () => {
    await jobs.reload();
    await expect(jobs.getByTestId("refresh-as-of")).toContainText(`Figures are as of ${formatDate(today)}.`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(jobs.getByTestId("jobs").getByRole("row").filter({ hasText: "Daily refresh" }).filter({ hasText: "Completed" }).first()).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("figures-as-of")).toHaveCount(0);
  await derm.close();
  await admin.close();
});

test("only an administrator reaches the background jobs", async ({ browser }) => {
  for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) {
    const ctx = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await ctx.newPage();
    const res = await page.goto("/admin/jobs");
    expect(res!.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Background jobs" })).toHaveCount(0);
    await ctx.close();
  }
});
