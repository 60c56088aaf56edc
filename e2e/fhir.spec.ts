import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, storageStateFor, test } from "./fixtures";

const WHOLE_TOKEN = /itk_[A-Za-z0-9_-]{43}/;

/** Approves (or issues the new token of) `name` under Approvals, the confirmation accepted: the token shown once, to the dermatologist. */
async function issueAsDermatologist(derm: Page, name: string, button: "Approve" | "Issue new token") {
  const entry = derm.getByTestId("token-approval").filter({ hasText: name });
  let asked = "";
  derm.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await entry.getByRole("button", { name: `${button} ${name}`, exact: true }).click();
  const answer = derm
    .getByTestId("token-approvals")
    .getByRole("listitem")
    .filter({ has: derm.getByTestId("filed-answer") });
  const token = (await answer.getByTestId("revealed").locator("li").innerText()).trim();
  expect(asked).toContain("shown once, to you only");
  expect(asked).toContain(`give it to the people who run ${name} yourself, not through an administrator`);
  expect(token).toMatch(new RegExp(`^${WHOLE_TOKEN.source}$`));
  return token;
}

test("an administrator creates an API client and is shown no token; the dermatologist who approves it is, once; a new token replaces it; revoked, it is refused", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const name = `Regional HIE ${randomUUID().slice(0, 8)}`;
  const adminCtx = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const admin = await adminCtx.newPage();
  await admin.goto("/admin/users");
  await admin.getByRole("link", { name: /API clients/ }).click();
  await expect(admin.getByRole("heading", { name: "API clients", level: 1 })).toBeVisible();
  const create = admin.locator("form").filter({ hasText: "New API client" });
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Sees what this role sees").selectOption("NURSE");
  await create.getByRole("button", { name: "Create API client" }).click();
  await expect(create.getByTestId("form-ok")).toHaveText(
    `API client ${name} created, without a token. A dermatologist approves it under Approvals and is shown its token, once, to hand to the system.`,
  );
  await expect(create.getByTestId("revealed")).toHaveCount(0);
  await admin.reload();
  const row = admin.getByTestId("api-client-row").filter({ hasText: name });
  await expect(row.getByTestId("token")).toHaveText("— none issued yet");
  await expect(row.getByTestId("approval")).toHaveText("Waiting for a dermatologist's approval");
  await expect(row.getByRole("button", { name: `Ask for a new token ${name}` })).toHaveCount(0);

  // A dermatologist approves it under Approvals, told what it would reach and who asked, after a confirmation: the token is shown to them.
  const dermCtx = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const derm = await dermCtx.newPage();
  await derm.goto("/dashboard");
  await expect(derm.getByTestId("approvals-notice")).toContainText("system token");
  await derm.getByTestId("approvals-notice").getByRole("link", { name: "Review them" }).click();
  const entry = derm.getByTestId("token-approval").filter({ hasText: name });
  await expect(entry).toContainText("as a nurse sees it");
  await expect(entry.getByTestId("token-asked")).toContainText(/New API client, created .+ by .+\. Its token is issued to you when you approve it\./);
  const token = await issueAsDermatologist(derm, name, "Approve");
  await expect(derm.getByTestId("filed-answer")).toHaveText(`${name} approved. Its token, below, works from its first call.`);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const found = await api.get("/fhir/Patient?identifier=MRN-10001");
  expect(found.status()).toBe(200);
  expect(found.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = await found.json();
  expect([bundle.resourceType, bundle.type, bundle.total, bundle.entry[0].resource.identifier[0].value]).toEqual(["Bundle", "searchset", 1, "MRN-10001"]);

  // The administrator's list says who approved it and holds its token, and shows only its first characters.
  await admin.reload();
  await expect(row.getByTestId("approval")).toContainText("Approved by Dr. Alice Moreno");
  await expect(row.getByTestId("token")).toContainText(`${token.slice(0, 8)}… issued to Dr. Alice Moreno`);
  expect(await admin.content()).not.toContain(token.slice(8));

  // A new token: asked for by the administrator (shown none), issued to a dermatologist; the old one stops.
  admin.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: `Ask for a new token ${name}` }).click();
  await expect(row.getByTestId("left-answer")).toContainText(`${name}: New token asked for.`);
  await expect(row.getByTestId("revealed")).toHaveCount(0);
  expect((await api.get("/fhir/Patient?identifier=MRN-10001")).status()).toBe(200);
  await derm.reload();
  await expect(entry.getByTestId("token-asked")).toContainText("The token in service was issued to Dr. Alice Moreno");
  const second = await issueAsDermatologist(derm, name, "Issue new token");
  expect(second).not.toBe(token);
  expect((await api.get("/fhir/Patient?identifier=MRN-10001")).status()).toBe(401);
  const renewed = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${second}` } });
  expect((await renewed.get("/fhir/Patient?identifier=MRN-10001")).status()).toBe(200);
  await dermCtx.close();

  await admin.reload();
  expect(await admin.content()).not.toMatch(WHOLE_TOKEN);
  admin.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");

  const refused = await renewed.get("/fhir/Patient?identifier=MRN-10001");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).resourceType).toBe("OperationOutcome");
  await Promise.all([api.dispose(), renewed.dispose()]);
  await adminCtx.close();
});
