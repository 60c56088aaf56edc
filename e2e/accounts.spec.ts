import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import type { Page } from "@playwright/test";
import { expect, storageStateFor, test } from "./fixtures";

const PASSWORD = "a bright kestrel over the moor";

async function signIn(page: Page, email: string, password: string) {
  if (!new URL(page.url(), "http://x").pathname.startsWith("/login")) await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A code for the next 30-second step: the one just used for set-up is never accepted twice. */
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

test("an administrator never knows a password; a dermatologist gives the link; a user sets it up, adds a second factor, and signs in with both", async ({
  browser,
}) => {
  const email = `e2e-${randomUUID().slice(0, 8)}@clinic.test`;
  const adminCtx = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const admin = await adminCtx.newPage();
  await admin.goto("/admin/users");
  const create = admin.locator("form").filter({ hasText: "New account" });
  await expect(create.getByLabel(/password/i)).toHaveCount(0);
  await create.getByLabel("Name").fill("Sam Ferreira");
  await create.getByLabel("Email").fill(email);
  await create.getByLabel("Role").selectOption("NURSE");
  await create.getByRole("button", { name: "Create account" }).click();
  // An account that sees patient data: the administrator gets no link.
  await expect(create.getByTestId("form-ok")).toContainText("A dermatologist gives the user their setup link, under Approvals.");
  await expect(create.getByTestId("revealed")).toHaveCount(0);
  await admin.reload();
  await expect(admin.getByRole("row").filter({ hasText: email })).toContainText("Awaiting a dermatologist's setup link");

  // A dermatologist gives it, from Approvals.
  const dermCtx = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const derm = await dermCtx.newPage();
  await derm.goto("/approvals");
  const waiting = derm.getByTestId("account-waiting").filter({ hasText: email });
  await expect(waiting).toContainText("Sam Ferreira · Nurse");
  // Who asked, and for which role; giving the link asks first.
  await expect(waiting.getByTestId("account-request")).toHaveText(/^New nurse account, created by .+ on .+\.$/);
  let asked = "";
  derm.once("dialog", (d) => {
    asked = d.message();
    void d.accept();
  });
  await waiting.getByRole("button", { name: "Give setup link" }).click();
  const link = (await waiting.getByTestId("revealed").locator("li").innerText()).trim();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{43}$/);
  expect(asked).toBe(
    "Give a setup link for Sam Ferreira, Nurse? Whoever holds it sets the account's password and sees patient data in that role. It is shown once, to you: hand it to Sam Ferreira yourself.",
  );

  const userCtx = await browser.newContext();
  const user = await userCtx.newPage();
  // The account has no password until its user chooses one.
  await signIn(user, email, PASSWORD);
  await expect(user.getByTestId("form-error")).toContainText("Email or password is incorrect");
  await user.goto(link);
  await user.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await user.getByLabel("New password again").fill(PASSWORD);
  await user.getByRole("button", { name: "Set password" }).click();
  await expect(user.getByRole("status")).toHaveText("Your password is set. Sign in with it.");
  await user.goto(link);
  await expect(user.getByTestId("link-gone")).toContainText("already been used");

  await signIn(user, email, PASSWORD);
  await expect(user).toHaveURL(/\/patients$/);
  await user.goto("/account");
  await user.getByRole("link", { name: "Set up two-step sign-in" }).click();
  const secret = (await user.getByTestId("totp-key").innerText()).trim();
  await user.getByLabel("6-digit code").fill(await generate({ secret }));
  await user.getByLabel("Your password").fill(PASSWORD);
  await user.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(user.getByTestId("revealed").locator("li")).toHaveCount(10);
  const recovery = (await user.getByTestId("revealed").locator("li").first().innerText()).trim();

  await user.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(user).toHaveURL(/\/login(\?|$)/);
  await signIn(user, email, PASSWORD);
  await expect(user.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
  // The password alone opens nothing.
  await user.goto("/patients");
  await expect(user).toHaveURL(/\/login(\?|$)/);
  await user.getByLabel("Code from your authenticator app").fill("000000");
  await user.getByRole("button", { name: "Verify" }).click();
  await expect(user.locator("#f-code-error")).toContainText("not right");
  await user.getByLabel("Code from your authenticator app").fill(await nextCode(secret));
  await user.getByRole("button", { name: "Verify" }).click();
  await expect(user).toHaveURL(/\/patients$/);

  // A recovery code, once.
  await user.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(user).toHaveURL(/\/login(\?|$)/);
  await signIn(user, email, PASSWORD);
  await user.getByLabel("Code from your authenticator app").fill(recovery);
  await user.getByRole("button", { name: "Verify" }).click();
  await expect(user).toHaveURL(/\/patients$/);

  // The administrator's reset: the password stops working, the user is signed out; the new link comes from a dermatologist again.
  await admin.reload();
  const row = admin.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Two-step on");
  admin.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(row.getByTestId("form-ok")).toContainText("A dermatologist gives the user their setup link");
  await expect(row.getByTestId("revealed")).toHaveCount(0);
  await user.goto("/patients");
  await expect(user).toHaveURL(/\/login(\?|$)/);
  await signIn(user, email, PASSWORD);
  await expect(user.getByTestId("form-error")).toContainText("Email or password is incorrect");
  await derm.reload();
  await expect(derm.getByTestId("account-waiting").filter({ hasText: email }).getByTestId("account-request")).toHaveText(/^Password reset by .+ on .+\.$/);
  await Promise.all([adminCtx.close(), dermCtx.close(), userCtx.close()]);
});

test("POST /api/auth/signout ends the session: its token no longer opens anything", async ({ browser, playwright, baseURL }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, "staff@demo.isotrack.test", "Staff-demo-2026!");
  await expect(page).toHaveURL(/\/patients$/);
  const token = (await ctx.cookies()).find((c) => c.name.endsWith("authjs.session-token"))!;

  const api = await playwright.request.newContext({ baseURL, storageState: await ctx.storageState() });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });

  // The same token, replayed as an attacker who copied it would.
  const replay = await playwright.request.newContext({ baseURL });
  const res = await replay.get("/account", { headers: { cookie: `${token.name}=${token.value}` }, maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers().location).toMatch(/\/login(\?|$)/);
  await Promise.all([api.dispose(), replay.dispose(), ctx.close()]);
});

test("signing in returns to the page asked for, and never to another site", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/monitoring?page=1");
  await expect(page).toHaveURL(/\/login\?next=%2Fmonitoring%3Fpage%3D1$/);
  await signIn(page, "staff@demo.isotrack.test", "Staff-demo-2026!");
  await expect(page).toHaveURL(/\/monitoring\?page=1$/);
  await ctx.clearCookies();

  await page.goto("/login?next=%2F%2Fevil.example%2F");
  await signIn(page, "staff@demo.isotrack.test", "Staff-demo-2026!");
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/patients$/);
  await ctx.close();
});

test("at 390 px, the users page scrolls its table within its card, not the whole page sideways", async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor("ADMIN"), viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
  await ctx.close();
});
