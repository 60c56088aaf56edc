import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import type { Page } from "@playwright/test";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * On /admin/jobs: "Run the daily refresh now", then the page reloaded until the worker in the server (which
 * picks the job up within seconds) has brought the figures to `today`, with no refresh left running.
 */
async function runNowUntilCaughtUp(jobs: Page, today: string) {
  await jobs.getByRole("button", { name: "Run the daily refresh now" }).click();
  await expect(jobs.getByRole("form", { name: "Run the daily refresh now" })).toContainText(/Daily refresh queued|already waiting/);
  await expect(async () => {
    await jobs.reload();
    await expect(jobs.getByTestId("refresh-as-of")).toHaveText(`Figures are as of ${formatDate(today)}.`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

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
  // The page shows the new day and the job.
  await runNowUntilCaughtUp(jobs, today);
  await expect(jobs.getByTestId("jobs").getByRole("row").filter({ hasText: "Daily refresh" }).filter({ hasText: "Completed" }).first()).toBeVisible();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("figures-as-of")).toHaveCount(0);
  await derm.close();
  await admin.close();
});

test("a refresh whose process ended is shown as stopped on the jobs page, and the next run takes it over", async ({ browser }) => {
  const today = clinicToday();
  const yesterday = addDays(today, -1);
  // As if a worker had been killed mid-refresh: the figures a day behind, its lease left behind, its last batch 3 minutes ago.
  await db.$executeRaw`UPDATE daily_refreshes SET as_of = ${yesterday}::date, running_as_of = ${today}::date, running_token = gen_random_uuid(),
    running_since = now() - interval '10 minutes', running_renewed_at = now() - interval '3 minutes'`;
  await db.$executeRaw`UPDATE course_summaries SET as_of = LEAST(as_of, ${yesterday}::date)`;

  const admin = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const jobs = await admin.newPage();
  await jobs.goto("/admin/jobs");
  await expect(jobs.getByTestId("refresh-as-of")).toContainText(/A refresh begun .+ stopped making progress at .+: the next run takes it over/);
  await runNowUntilCaughtUp(jobs, today);
  // The run that took over says so.
  await expect(jobs.getByTestId("jobs").getByRole("row").filter({ hasText: "Daily refresh" }).filter({ hasText: "tookOver: a run begun" })).toBeVisible();
  await admin.close();
});

test("a refresh an administrator asks for is listed even when it finds the figures up to date; the page says reminders only reach the outbox", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const jobs = await admin.newPage();
  await jobs.goto("/admin/jobs");
  // Without SMTP_URL (as here), nothing reaches a patient: the page says so, and where the files go.
  await expect(jobs.getByTestId("reminder-delivery")).toContainText("Reminders are not sent to patients: SMTP_URL is not set");
  await expect(jobs.getByTestId("reminder-delivery")).toContainText("outbox folder");
  const today = clinicToday();
  await runNowUntilCaughtUp(jobs, today);
  // Up to date now: asked for again, the run finds nothing to do, and is listed all the same, with who asked.
  await jobs.getByRole("button", { name: "Run the daily refresh now" }).click();
  await expect(jobs.getByRole("form", { name: "Run the daily refresh now" })).toContainText(/Daily refresh queued|already waiting/);
  const asked = jobs
    .getByTestId("jobs")
    .getByRole("row")
    .filter({ hasText: /Asked for by/ })
    .filter({ hasText: "Already up to date" });
  await expect(async () => {
    await jobs.reload();
    await expect(asked.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(jobs.getByTestId("refresh-last-run")).toContainText(/The refresh last finished .+: Already up to date\./);
  await admin.close();
});

test("a settings recompute that stopped making progress is shown as cancelled, with why, and a new run in its place", async ({ browser }) => {
  // As if a worker's recompute had stalled: its job running for 10 minutes, its last batch 5 minutes ago. The servers'
  // workers give it up at their next look (every minute), and queue (and run) a new job in its place.
  const [stalled] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO pgboss.job (name, data, state, singleton_key, policy, retry_limit, retry_delay, retry_backoff, expire_in, started_on)
    VALUES ('settings-recompute', jsonb_build_object('kind', 'MONITORING_PROTOCOL', 'version', 1, 'progressAt', now() - interval '5 minutes'),
      'active', 'MONITORING_PROTOCOL', 'stately', 5, 30, true, interval '1 hour', now() - interval '10 minutes')
    RETURNING id::text`;
  const admin = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const jobs = await admin.newPage();
  await jobs.goto("/admin/jobs");
  const recomputes = jobs.getByTestId("jobs").getByRole("row").filter({ hasText: "Settings recompute" });
  const cancelled = recomputes
    .filter({ hasText: "Cancelled" })
    .filter({ hasText: /Its run stopped making progress at .+: cancelled, and a new run queued in its place/ });
  // The new run, listed above it, recomputes (the workers take it at once), its attempt counted as the recompute's second.
  const replacement = recomputes.filter({ hasText: "In place of a run that stopped making progress" }).filter({ hasText: "Completed" });
  await expect(async () => {
    await jobs.reload();
    await expect(cancelled).toHaveCount(1, { timeout: 1_000 });
    await expect(replacement).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(cancelled).toContainText("attempt 1 of up to 6");
  await expect(replacement).toContainText("attempt 2 of up to 6");
  const [row] = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${stalled!.id}::uuid`;
  expect(row?.state).toBe("cancelled");
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
