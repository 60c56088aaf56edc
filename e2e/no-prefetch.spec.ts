import type { Page } from "@playwright/test";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * Links are never prefetched (components/link.tsx): a page shown in the browser asks the server for
 * nothing more than itself, however many links it carries, and a click still navigates without
 * reloading the page.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST"), viewport: { width: 1400, height: 2400 } });

/** Every prefetch request the page sends from now on (Next marks them with this header). */
function prefetches(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) seen.push(new URL(request.url()).pathname);
  });
  return seen;
}

test("the dashboard, the patient list, the worklist and a patient page send no prefetch requests", async ({ page }) => {
  const seen = prefetches(page);
  for (const path of ["/dashboard", "/patients", "/monitoring"]) {
    await page.goto(path);
    await expect(page.locator("main a[href^='/patients/']").first()).toBeVisible();
    // Every link is in view (a tall viewport, then the page's end): Next prefetches a link once it is seen.
    await page.mouse.wheel(0, 10_000);
    await page.waitForLoadState("networkidle");
  }
  await page.locator("main a[href^='/patients/']").first().click();
  await expect(page.getByTestId("patient-header")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(seen).toEqual([]);
});

test("a link still navigates in place: the page is not reloaded", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  // A mark on the window survives only a navigation made by the client-side router.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Patients", exact: true }).click();
  await expect(page).toHaveURL(/\/patients$/);
  await expect(page.getByRole("searchbox", { name: "Search patients" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
