import { randomUUID } from "node:crypto";
import { expect, storageStateFor, test } from "./fixtures";

test("an administrator creates an API client, its token is shown once and reads a patient by MRN; revoked, it is refused", async ({
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
  const token = (await create.getByTestId("revealed").locator("li").innerText()).trim();
  expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);

  // Shown once: the list keeps only the first characters.
  await admin.reload();
  const row = admin.getByTestId("api-client-row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).toContainText("Never");
  expect(await admin.content()).not.toContain(token.slice(8));

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
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
