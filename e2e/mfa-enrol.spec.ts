import { generate } from "otplib";
import type { Page } from "@playwright/test";
import { db } from "../lib/db";
import type { Role } from "../lib/auth/permissions";
import { createUser } from "./data";
import { expect, test } from "./fixtures";

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * The clinic requires two-step sign-in of dermatologists while `run` runs. Written to the policy row alone:
 * saving it under Users would also hold the demo dermatologist's open session, which other specs act in.
 */
async function whileRequiredOfDermatologists(run: () => Promise<void>) {
  const { mfaRequiredRoles } = await db.securityPolicy.findUniqueOrThrow({ where: { id: 1 }, select: { mfaRequiredRoles: true } });
  const required: Role[] = [...new Set<Role>([...mfaRequiredRoles, "DERMATOLOGIST"])];
  await db.securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: required } });
  try {
    await run();
  } finally {
    await db.securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles } });
  }
}

test("two-step sign-in set up at sign-in shows the ten recovery codes once, then goes on to the page asked for; a code works later", async ({ browser }) => {
  const derm = await createUser("DERMATOLOGIST");
  await whileRequiredOfDermatologists(async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto("/monitoring?page=1");
    await expect(page).toHaveURL(/\/login\?next=%2Fmonitoring%3Fpage%3D1$/);
    await signIn(page, derm.email, derm.password);
    await expect(page.getByRole("heading", { name: "Set up two-step sign-in" })).toBeVisible();
    const secret = (await page.getByTestId("totp-key").innerText()).trim();
    await page.getByLabel("6-digit code").fill(await generate({ secret }));
    await page.getByRole("button", { name: "Set up and continue" }).click();

    await expect(page.getByTestId("form-ok")).toContainText("Two-step sign-in is set up.");
    const codes = page.getByTestId("revealed").locator("li");
    await expect(codes).toHaveCount(10);
    const shown = (await codes.allInnerTexts()).map((c) => c.trim());
    expect(new Set(shown).size).toBe(10);
    expect(shown.some((c) => page.url().includes(c))).toBe(false);
    // The codes stay on the screen until the user says they have them.
    await expect(codes).toHaveCount(10);
    await page.getByRole("button", { name: "I have saved them: continue" }).click();
    await expect(page).toHaveURL(/\/monitoring\?page=1$/);
    await expect(page.getByTestId("current-user")).toBeVisible();
    expect(shown.some((c) => page.url().includes(c))).toBe(false);

    // Signed out, a recovery code shown at set-up completes the next sign-in.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await signIn(page, derm.email, derm.password);
    await expect(page.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
    await page.getByLabel("Code from your authenticator app").fill(shown[3]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await ctx.close();
  });
});
