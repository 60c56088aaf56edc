import { randomBytes } from "node:crypto";
import { expect, storageStateFor, test } from "./fixtures";

test("the app icon is served before sign-in, and the sign-in page links it; a page still sends to sign-in", async ({ page, request }) => {
  const icon = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/login");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg(\?|$)/);
  expect((await request.get(href!, { maxRedirects: 0 })).status()).toBe(200);
  // Nothing else opens: a page, and addresses that only begin like the icon's, still send to sign-in.
  for (const path of ["/patients", "/icon.svg/patients", "/icon.svgx"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toMatch(/\/login(\?|$)/);
  }
});

test("a setup link that no longer works says who gives a new one, for every kind of account", async ({ page }) => {
  await page.goto(`/setup/${randomBytes(32).toString("base64url")}`);
  const gone = page.getByTestId("link-gone");
  await expect(gone).toContainText("This link does not work");
  await expect(gone).toContainText("a dermatologist");
  await expect(gone).toContainText("an administrator");
  await expect(gone).not.toContainText("Ask your administrator");
});

test.describe("a page the role may not open", () => {
  test("an administrator is told clinical pages are not theirs by design, in the page and its title", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: storageStateFor("ADMIN") });
    const page = await ctx.newPage();
    expect((await page.goto("/patients"))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
    await expect(page.getByTestId("forbidden-why")).toContainText("no access to patient records");
    await expect(page.getByTestId("forbidden-why")).not.toContainText("Ask an administrator");
    await expect(page).toHaveTitle("Not available for your role · Isotrack");
    await ctx.close();
  });

  test("a nurse is pointed to a dermatologist for clinical pages, and told administration pages are for administrators", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: storageStateFor("NURSE") });
    const page = await ctx.newPage();
    expect((await page.goto("/dashboard"))?.status()).toBe(403);
    await expect(page.getByTestId("forbidden-why")).toContainText("a dermatologist");
    await expect(page).toHaveTitle("Not available for your role · Isotrack");
    expect((await page.goto("/admin/users"))?.status()).toBe(403);
    await expect(page.getByTestId("forbidden-why")).toContainText("for administrators");
    await ctx.close();
  });
});
