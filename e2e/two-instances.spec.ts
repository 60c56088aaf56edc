import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, searchPatients, storageStateFor, test } from "./fixtures";

/**
 * Two instances of the production server share one database (how a clinic group scales out). Sessions,
 * data and login throttling live in PostgreSQL, so each instance sees what the other did.
 */
const second = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test("a session, data and a login lock made on one instance hold on the other", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const page = await context.newPage();
  // Signed in on the first instance; the same cookie is accepted by the second.
  const res = await page.goto(`${second}/patients`);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("current-user")).toContainText("Jordan Price");

  // A patient created on the second instance is found on the first.
  const mrn = `E2E-TWIN-${randomBytes(4).toString("hex")}`;
  await page.goto(`${second}/patients/new`);
  await page.getByLabel("First name").fill("Twin");
  await page.getByLabel("Last name").fill("Instance");
  await page.getByLabel("MRN").fill(mrn);
  await page.getByLabel("Date of birth").fill("1999-09-09");
  await page.getByLabel("Sex at birth").selectOption("MALE");
  await page.getByLabel("Indication").selectOption("ACNE_NODULAR");
  await page.getByRole("button", { name: "Create patient" }).click();
  await expect(page.getByTestId("patient-name")).toHaveText("Instance, Twin");
  await searchPatients(page, mrn, baseURL);
  await expect(page.getByText("1 patient found")).toBeVisible();
  await context.close();

  // Five failures spread over both instances lock the account on both.
  const anon = await browser.newPage();
  const email = `twin-lock-${Date.now()}@demo.isotrack.test`;
  for (let i = 0; i < 5; i++) {
    await anon.goto(`${i % 2 ? second : baseURL}/login`);
    await anon.getByLabel("Email").fill(email);
    await anon.getByLabel("Password").fill(`wrong-${i}`);
    await anon.getByRole("button", { name: "Sign in" }).click();
    await expect(anon.getByTestId("form-error")).toBeVisible();
  }
  await anon.close();
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query("SELECT failures, locked_until > now() AS locked FROM login_throttles WHERE key = $1", [`acctip:${email}|127.0.0.1`]);
  await db.end();
  expect(rows).toEqual([{ failures: 5, locked: true }]);
});
