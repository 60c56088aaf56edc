import type { Browser, Page } from "@playwright/test";
import { db } from "../lib/db";
import { createUser, type SpecUser } from "./data";
import { expect, signIn, storageStateFor, test } from "./fixtures";

// The users page as an administrator goes through it: a role change asks first and says what ends; the role
// unchanged is refused on its field and ends nothing; a disabled account offers what it can use; every
// answer takes the focus its button dropped.
test.use({ storageState: storageStateFor("ADMIN") });

/** This spec's own account, signed in on a page of its own (to see whether a change signs it out). */
async function signedIn(browser: Browser, role: "STAFF" | "NURSE"): Promise<{ user: SpecUser; page: Page }> {
  const user = await createUser(role);
  // Signed out to start with: the spec's own storage state is the administrator's.
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(page, user);
  await expect(page).toHaveURL(/\/patients$/);
  return { user, page };
}

/** What the next dialog asks, dismissed or accepted; "" while none was opened. */
function answerDialogs(page: Page, accept: () => boolean) {
  const asked: string[] = [];
  page.on("dialog", (d) => {
    asked.push(d.message());
    void (accept() ? d.accept() : d.dismiss());
  });
  return asked;
}

test("Change role with the role unchanged is refused on the field and signs no one out; a real change asks first, naming what ends", async ({
  page,
  browser,
}) => {
  const { user, page: userPage } = await signedIn(browser, "STAFF");
  let accept = false;
  const asked = answerDialogs(page, () => accept);
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: user.email });
  const role = row.getByRole("combobox", { name: `Role for ${user.name}` });
  // Each row's buttons name the account they act on.
  const change = row.getByRole("button", { name: `Change role for ${user.name}`, exact: true });
  await expect(row.getByRole("button", { name: `Disable ${user.name}`, exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: `Reset password for ${user.name}`, exact: true })).toBeVisible();

  // Unchanged: nothing asked, refused where the role is chosen, with the focus there.
  await change.click();
  await expect(row.getByText("This account is Office staff already: choose another role to change it.")).toBeVisible();
  await expect(role).toHaveAttribute("aria-invalid", "true");
  await expect(role).toBeFocused();
  expect(asked).toEqual([]);
  await userPage.reload();
  await expect(userPage).toHaveURL(/\/patients$/);

  // To Administrator: the sessions end, nothing else. Dismissed, nothing changes.
  await role.selectOption("ADMIN");
  await change.click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toBe(`Change the role of ${user.name} from Office staff to Administrator? They are signed out at once.`);
  await expect(row.getByRole("cell", { name: "Office staff", exact: true })).toBeVisible();

  // To Nurse: the password and second factor end too. Accepted, it is done and the user is signed out.
  accept = true;
  await role.selectOption("NURSE");
  await change.click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]).toBe(
    `Change the role of ${user.name} from Office staff to Nurse? They are signed out at once, and their password and second factor end: ` +
      "a dermatologist gives them a new setup link.",
  );
  const done = row.getByTestId("form-ok");
  await expect(done).toHaveText(
    "Role changed. The user's sessions, password and second factor have ended: a dermatologist gives the user their setup link, under Approvals.",
  );
  await expect(done).toBeFocused();
  await expect(row.getByRole("cell", { name: "Nurse", exact: true })).toBeVisible();
  await userPage.reload();
  await expect(userPage).toHaveURL(/\/login(\?|$)/);
  await userPage.context().close();
});

test("a disabled account offers Enable and Change role only; enabled again, its resets are back", async ({ page }) => {
  const user = await createUser("NURSE");
  await db.user.update({ where: { id: user.id }, data: { disabled: true } });
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: user.email });
  await expect(row.getByRole("button")).toHaveText(["Change role", "Enable"]);
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByTestId("form-ok")).toHaveText("Account enabled.");
  await expect(row.getByRole("button", { name: "Reset password" })).toBeVisible();
});
