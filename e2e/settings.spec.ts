import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

test("a dermatologist schedules new lab thresholds; a bad value is named and nothing changes until the day", async ({ page }) => {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Clinic settings" }).click();
  await expect(page.getByRole("heading", { name: "Clinic settings", level: 1 })).toBeVisible();
  const section = page.getByRole("region", { name: "Lab flag thresholds" });
  const inForce = section.getByTestId("in-force-LAB_THRESHOLDS");
  await expect(inForce.getByText("Triglycerides action (mg/dL)").locator("xpath=..")).toContainText("500");

  await section.getByText("Change lab flag thresholds").click();
  const form = section.getByRole("form", { name: "New version: Lab flag thresholds" });
  // Within its own range, but above the critical threshold (800): the one message names the order.
  await form.getByLabel("Triglycerides action (mg/dL)").fill("900");
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(form.getByText('"Triglycerides action (mg/dL)" must be below "Triglycerides critical (mg/dL)".')).toBeVisible();
  await expect(form.getByLabel("Triglycerides action (mg/dL)")).toHaveValue("900");
  await expect(form.getByLabel("Triglycerides action (mg/dL)")).toBeFocused();

  const [inThirtyDays, written] = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 30);
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()];
    return [d.toLocaleDateString("en-CA"), `${d.getDate()} ${month} ${d.getFullYear()}`];
  });
  await form.getByLabel("Triglycerides action (mg/dL)").fill("450");
  await form.getByLabel("Takes effect on").fill(inThirtyDays);
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(form.getByTestId("form-ok")).toContainText(`New lab thresholds saved, taking effect on ${written}.`);
  await section.getByText(/^Versions \(/).click();
  await expect(section.getByRole("row").filter({ hasText: "scheduled" })).toContainText("Dr. Alice Moreno");
  // Still the old threshold today.
  await expect(inForce.getByText("Triglycerides action (mg/dL)").locator("xpath=..")).toContainText("500");

  // Opened again, the form starts from the scheduled version, so that a next version does not undo it.
  await page.reload();
  await section.getByText("Change lab flag thresholds").click();
  await expect(section.getByTestId("form-from-LAB_THRESHOLDS")).toContainText("A version takes effect on");
  await expect(form.getByLabel("Triglycerides action (mg/dL)")).toHaveValue("450");
});

test("nobody but a dermatologist reaches the settings", async ({ browser }) => {
  for (const role of ["NURSE", "STAFF", "ADMIN"] as const) {
    const ctx = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await ctx.newPage();
    const res = await page.goto("/settings");
    expect(res!.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Clinic settings" })).toHaveCount(0);
    await ctx.close();
  }
});
