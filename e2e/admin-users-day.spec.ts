import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { db } from "../lib/db";
import type { Role } from "../lib/auth/permissions";
import { createUser } from "./data";
import { expect, signIn, storageStateFor, test } from "./fixtures";

// The users page through an administrator's day: what each row offers follows the account's state (a reset
// only where a password or an administrator's link can be reset, an unlock only where sign-in is locked), a
// row is as tall as what it says, and on a phone every column and action is on the screen.
test.use({ storageState: storageStateFor("ADMIN") });

/** An account made by an administrator and not set up yet (no password). */
async function waiting(role: Role, over: { disabled?: boolean } = {}) {
  const tag = randomBytes(5).toString("hex");
  const name = `Pat ${tag}`;
  const email = `e2e-waiting-${tag}@spec.isotrack.test`;
  const user = await db.user.create({ data: { email, name, role, passwordHash: null, disabled: over.disabled ?? false }, select: { id: true } });
  return { id: user.id, name, email };
}

const rowOf = (page: Page, email: string) => page.getByRole("row").filter({ hasText: email });

/** What the next dialogs ask, accepted. */
function acceptDialogs(page: Page) {
  const asked: string[] = [];
  page.on("dialog", (d) => {
    asked.push(d.message());
    void d.accept();
  });
  return asked;
}

test("an account waiting for a dermatologist's link offers no reset; an administrator's waiting account offers a new link, said as such", async ({ page }) => {
  const staff = await waiting("STAFF");
  const admin = await waiting("ADMIN");
  const asked = acceptDialogs(page);
  await page.goto("/admin/users");
  const staffRow = rowOf(page, staff.email);
  await expect(staffRow).toContainText("Awaiting a dermatologist's setup link");
  await expect(staffRow.getByRole("button", { name: `Disable ${staff.name}`, exact: true })).toBeVisible();
  await expect(staffRow.getByRole("button", { name: /Reset password|setup link/ })).toHaveCount(0);

  const adminRow = rowOf(page, admin.email);
  await expect(adminRow.getByRole("button", { name: /Reset password/ })).toHaveCount(0);
  await adminRow.getByRole("button", { name: `New setup link for ${admin.name}`, exact: true }).click();
  await expect(adminRow.getByTestId("form-ok")).toHaveText("New setup link made. The link made before no longer works.");
  expect(asked).toEqual([`Make a new setup link for ${admin.name}? A link made before stops working.`]);
});

test("a setup link withdrawn by a change of role says so on its page", async ({ page, browser }) => {
  const pat = await waiting("STAFF");
  const dermCtx = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const derm = await dermCtx.newPage();
  // Giving a setup link asks for a confirmation first.
  acceptDialogs(derm);
  await derm.goto("/approvals");
  const row = derm.getByTestId("account-waiting").filter({ hasText: pat.email });
  await row.getByRole("button", { name: "Give setup link" }).click();
  const link = (await row.getByTestId("revealed").locator("li").innerText()).trim();
  await dermCtx.close();

  acceptDialogs(page);
  await page.goto("/admin/users");
  const patRow = rowOf(page, pat.email);
  await patRow.getByRole("combobox", { name: `Role for ${pat.name}` }).selectOption("NURSE");
  await patRow.getByRole("button", { name: `Change role for ${pat.name}`, exact: true }).click();
  await expect(patRow.getByTestId("form-ok")).toContainText("Role changed.");

  const userCtx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const user = await userCtx.newPage();
  await user.goto(link);
  await expect(user.getByTestId("link-gone")).toContainText("This link was withdrawn: an administrator changed the account's role after it was given.");
  await userCtx.close();
});

test("a disabled account without a password does not read as awaiting its link", async ({ page }) => {
  const pat = await waiting("STAFF", { disabled: true });
  await page.goto("/admin/users");
  const row = rowOf(page, pat.email);
  await expect(row).toContainText("No password yet");
  await expect(row).not.toContainText("Awaiting");
});

test("Unlock sign-in is offered only while sign-in is locked, named for its account; its answer stays with the focus", async ({ page }) => {
  const [free, locked] = [await createUser("NURSE"), await createUser("NURSE")];
  await db.loginThrottle.create({
    data: { key: `acctip:${locked.email}|198.51.100.7`, failures: 5, windowStart: new Date(), lockedUntil: new Date(Date.now() + 10 * 60_000) },
  });
  await page.goto("/admin/users");
  await expect(rowOf(page, free.email).getByRole("button", { name: /Unlock/ })).toHaveCount(0);
  const row = rowOf(page, locked.email);
  await expect(row).toContainText("Sign-in locked");
  await row.getByRole("button", { name: `Unlock sign-in for ${locked.name}`, exact: true }).click();
  const answer = row.getByTestId("form-ok");
  await expect(answer).toHaveText("Sign-in unlocked.");
  await expect(answer).toBeFocused();
  await expect(row.getByRole("button", { name: /Unlock/ })).toHaveCount(0);
  await expect(row).not.toContainText("Sign-in locked");
});

test("requiring two-step sign-in of one's own role asks first, saying one's own session will wait; dismissed, nothing is saved", async ({ browser }) => {
  const me = await createUser("ADMIN");
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, me);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await page.goto("/admin/users");
  const policy = page.locator("form").filter({ hasText: "Required for" });
  await policy.getByLabel("Administrator").check();
  await policy.getByRole("button", { name: "Save" }).click();
  const asked = policy.getByTestId("confirm-warnings");
  await expect(asked).toContainText("your own session waits until you set up two-step sign-in");
  await expect(asked.getByText("Saving this signs you out of everything but setting up two-step sign-in.")).toBeFocused();
  // Not confirmed: nothing saved, and this session goes on.
  await page.reload();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.locator("form").filter({ hasText: "Required for" }).getByLabel("Administrator")).not.toBeChecked();
  await ctx.close();
});

test("a row is as tall as what it says, and on a 390 px phone its role, status and actions are on the screen", async ({ page }) => {
  const user = await createUser("STAFF");
  await page.goto("/admin/users");
  const row = rowOf(page, user.email);
  await expect(row.getByRole("button", { name: `Disable ${user.name}`, exact: true })).toBeVisible();
  expect((await row.boundingBox())!.height).toBeLessThan(120);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const narrow = rowOf(page, user.email);
  const controls = [
    narrow.getByText("Office staff", { exact: true }).filter({ visible: true }),
    narrow.getByText("Active", { exact: true }).filter({ visible: true }),
    narrow.getByRole("combobox", { name: `Role for ${user.name}` }),
    narrow.getByRole("button", { name: `Change role for ${user.name}`, exact: true }),
    narrow.getByRole("button", { name: `Disable ${user.name}`, exact: true }),
    narrow.getByRole("button", { name: `Reset password for ${user.name}`, exact: true }),
  ];
  for (const control of controls) {
    await control.scrollIntoViewIfNeeded();
    const box = (await control.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  // Nothing to scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const table = page.getByRole("table");
  expect(await table.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
});
