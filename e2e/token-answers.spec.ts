import { randomUUID } from "node:crypto";
import type { Locator } from "@playwright/test";
import { createApiClient } from "../lib/fhir/clients";
import { createLabInterface } from "../lib/hl7/interfaces";
import { createUser } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

/*
 * A system token's approval, its decline and its revocation take their form off the page (the token leaves the
 * approvals list; a revoked row has no Revoke button): the answer stays where the form was, announced
 * (role=status) and with the focus, when sent with the keyboard too; an approval's answer carries the token issued,
 * shown once, to the dermatologist. Each button names its token.
 */

/** The answer left in `place`: announced, focused, and the focus not dropped to the page. */
async function expectLeftAnswer(place: Locator, text: string) {
  const answer = place.getByRole("status").filter({ hasText: text });
  await expect(answer).toHaveText(text);
  await expect(answer).toBeFocused();
  expect(await place.page().evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

/** Tokens waiting for approval, made by an administrator of this spec's own. */
async function waitingTokens() {
  const admin = await createUser("ADMIN");
  const tag = randomUUID().slice(0, 8);
  const [approved, declined, lab] = [`Regional HIE ${tag}`, `Billing export ${tag}`, `Acme lab ${tag}`];
  await createApiClient(admin, { name: approved, role: "NURSE" });
  await createApiClient(admin, { name: declined, role: "STAFF" });
  await createLabInterface(admin, lab);
  return { approved, declined, lab };
}

test("a dermatologist approves or declines a token with the keyboard: the answer stays where the token was, with the focus", async ({ browser }) => {
  const { approved, declined, lab } = await waitingTokens();
  const ctx = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await ctx.newPage();
  await page.goto("/approvals");
  const list = page.getByTestId("token-approvals");
  // Each token's buttons and reason field name it.
  for (const name of [approved, declined, lab]) {
    await expect(list.getByRole("button", { name: `Approve ${name}`, exact: true })).toHaveCount(1);
    await expect(list.getByRole("button", { name: `Decline ${name}`, exact: true })).toHaveCount(1);
    await expect(list.getByRole("textbox", { name: `Reason for declining ${name}`, exact: true })).toHaveCount(1);
  }

  const approve = list.getByRole("button", { name: `Approve ${approved}`, exact: true });
  await hydrated(approve);
  // Approving asks first: dismissed, nothing happens.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await approve.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => asked).toContain(`Approve ${approved}? Its token is issued now and shown once, to you only`);
  await expect(list.getByRole("form", { name: `Approve ${approved}` })).toHaveCount(1);
  page.once("dialog", (dialog) => void dialog.accept());
  await approve.focus();
  await page.keyboard.press("Enter");
  await expect(list.getByRole("form", { name: `Approve ${approved}` })).toHaveCount(0);
  await expectLeftAnswer(list, `${approved} approved. Its token, below, works from its first call.`);
  await expect(list.getByTestId("revealed").locator("li")).toHaveText(/^itk_[A-Za-z0-9_-]{43}$/);

  const reason = list.getByRole("textbox", { name: `Reason for declining ${lab}`, exact: true });
  await reason.fill("Not a laboratory this clinic uses");
  await reason.press("Enter");
  await expect(list.getByRole("form", { name: `Decline ${lab}` })).toHaveCount(0);
  await expectLeftAnswer(list, `${lab} declined. It is revoked, and no token will ever be issued for it.`);
  // The token shown with the approval's answer went with it: shown once.
  await expect(list.getByTestId("revealed")).toHaveCount(0);
  // One answer at a time: the last.
  await expect(list.getByRole("status")).toHaveCount(1);

  // A decline without a reason is refused on its field, and the token stays.
  const decline = list.getByRole("button", { name: `Decline ${declined}`, exact: true });
  await decline.click();
  await expect(list.getByRole("textbox", { name: `Reason for declining ${declined}`, exact: true })).toBeFocused();
  await expect(list.getByRole("form", { name: `Decline ${declined}` })).toHaveCount(1);
  await ctx.close();
});

for (const kind of ["API client", "Lab interface"] as const) {
  test(`an administrator revokes ${kind === "API client" ? "an API client" : "a lab interface"} with the keyboard: the answer stays in its row, with the focus`, async ({
    browser,
  }) => {
    const { approved, lab } = await waitingTokens();
    const name = kind === "API client" ? approved : lab;
    const ctx = await browser.newContext({ storageState: storageStateFor("ADMIN") });
    const page = await ctx.newPage();
    await page.goto(kind === "API client" ? "/admin/api-clients" : "/admin/lab-interfaces");
    const row = page.getByTestId(kind === "API client" ? "api-client-row" : "lab-interface-row").filter({ hasText: name });
    const revoke = row.getByRole("button", { name: `Revoke ${name}`, exact: true });
    await hydrated(revoke);
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await revoke.focus();
    await page.keyboard.press("Enter");
    await expect(row).toContainText("Revoked");
    expect(asked).toBe(`Revoke ${name}? Its token stops working at once and cannot be restored.`);
    await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    await expectLeftAnswer(
      row,
      kind === "API client"
        ? `${name}: API client revoked. Its token is refused from the next call on.`
        : `${name}: Lab interface revoked. Its token is refused from the next message on.`,
    );
    await ctx.close();
  });
}
