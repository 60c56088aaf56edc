import { randomUUID } from "node:crypto";
import { expect, storageStateFor, test } from "./fixtures";

test("an administrator creates an API client, its token is shown once, is refused until a dermatologist approves it, then reads a patient by MRN; revoked, it is refused", async ({
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
  await expect(create.getByTestId("form-ok")).toHaveText(`API client ${name} created. Its token works once a dermatologist approves it.`);
  const token = (await create.getByTestId("revealed").locator("li").innerText()).trim();
  expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);

  // Shown once: the list keeps only the first characters.
  await admin.reload();
  const row = admin.getByTestId("api-client-row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).toContainText("Never");
  await expect(row.getByTestId("approval")).toHaveText("Waiting for a dermatologist's approval");
  expect(await admin.content()).not.toContain(token.slice(8));

  // Until a dermatologist approves it, the token is refused as an unknown one.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const waiting = await api.get("/fhir/Patient?identifier=MRN-10001");
  expect(waiting.status()).toBe(401);
  expect((await waiting.json()).resourceType).toBe("OperationOutcome");

  // A dermatologist approves it under Approvals, told what it would reach and never shown the token.
  const dermCtx = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const derm = await dermCtx.newPage();
  await derm.goto("/dashboard");
  await expect(derm.getByTestId("approvals-notice")).toContainText("system token");
  await derm.getByTestId("approvals-notice").getByRole("link", { name: "Review them" }).click();
  const approval = derm.getByRole("form", { name: `Approve ${name}` });
  await expect(derm.getByTestId("token-approvals")).toContainText("as a nurse sees it");
  expect(await derm.content()).not.toContain(token.slice(4, 12));
  await approval.getByRole("button", { name: "Approve" }).click();
  await expect(approval).toHaveCount(0);
  await dermCtx.close();
  await admin.reload();
  await expect(row.getByTestId("approval")).toContainText("Approved by Dr. Alice Moreno");
  const found = await api.get("/fhir/Patient?identifier=MRN-10001");
  expect(found.status()).toBe(200);
  expect(found.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = await found.json();
  expect([bundle.resourceType, bundle.type, bundle.total, bundle.entry[0].resource.identifier[0].value]).toEqual(["Bundle", "searchset", 1, "MRN-10001"]);

  await admin.reload();
  await expect(row).not.toContainText("Never");
  admin.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");

  const refused = await api.get("/fhir/Patient?identifier=MRN-10001");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).resourceType).toBe("OperationOutcome");
  await api.dispose();
  await adminCtx.close();
});
