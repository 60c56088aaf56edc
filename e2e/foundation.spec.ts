import { randomBytes } from "node:crypto";
import { createSpecPatient, createUser, type SpecPatient, type SpecUser } from "./data";
import { expect, login, signIn, storageStateFor, test } from "./fixtures";

// Accounts whose state these tests change (a failed sign-in, a sign-out), and a patient to search for.
let account: SpecUser;
let leaving: SpecUser;
let patient: SpecPatient;
test.beforeAll(async () => {
  [account, leaving] = [await createUser("NURSE"), await createUser("DERMATOLOGIST")];
  patient = await createSpecPatient(leaving);
});

test.describe("login", () => {
  test("each role lands on its home page and sees only its navigation", async ({ browser }) => {
    // The review queue's link carries its count when results wait (other specs may leave some).
    const queue = /^Unfiled lab results( \(\d+\))?$/;
    const cases = [
      {
        role: "DERMATOLOGIST",
        home: /\/dashboard$/,
        nav: ["Dashboard", "Patients", "Monitoring worklist", queue, "Lab catalogue", "Clinic settings", "Approvals"],
      },
      { role: "NURSE", home: /\/patients$/, nav: ["Patients", "Monitoring worklist", queue] },
      { role: "STAFF", home: /\/patients$/, nav: ["Patients", "Monitoring worklist"] },
      { role: "ADMIN", home: /\/admin\/users$/, nav: ["Users", "Audit trail", "Background jobs"] },
    ] as const;
    for (const c of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await login(page, c.role);
      await expect(page).toHaveURL(c.home);
      const links = page.getByRole("navigation", { name: "Main navigation" }).getByRole("link");
      await expect(links).toHaveText([...c.nav]);
      await context.close();
    }
  });

  test("a wrong password and an unknown account get the same message", async ({ page }) => {
    const messages: string[] = [];
    for (const email of [account.email, `nobody-${randomBytes(4).toString("hex")}@spec.isotrack.test`]) {
      await signIn(page, { email, password: "wrong-password" });
      const error = page.getByTestId("form-error");
      await expect(error).toBeVisible();
      messages.push((await error.textContent()) ?? "");
    }
    expect(messages[0]).toBe(messages[1]);
    await expect(page).toHaveURL(/\/login(\?|$)/);
  });

  test("sign out ends the session", async ({ page }) => {
    // Its own account: signing out revokes every session of that user.
    await signIn(page, leaving);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login(\?|$)/);
    await page.goto("/patients");
    await expect(page).toHaveURL(/\/login(\?|$)/);
  });
});

test.describe("patients as a nurse", () => {
  test.use({ storageState: storageStateFor("NURSE") });

  test("searches the list by name, MRN and date of birth", async ({ page }) => {
    await page.goto("/patients");
    await expect(page.getByText(/\d+ patients/)).toBeVisible();
    const search = async (q: string) => {
      const before = page.url();
      await page.getByLabel("Search patients").fill(q);
      await page.getByRole("button", { name: "Search" }).click();
      // The term is posted; the list's address then names the new saved search.
      await expect(page).not.toHaveURL(before);
    };
    await search(patient.mrn);
    await expect(page.getByText("1 patient found")).toBeVisible();
    const row = page.getByRole("row").nth(1);
    const name = patient.name;
    await expect(row.getByRole("link")).toHaveText(name);
    const dob = (await row.getByRole("cell").nth(2).textContent())!;
    await search(`${patient.firstName} ${patient.lastName}`);
    await expect(page.getByRole("link", { name })).toBeVisible();
    // The name went by POST: the address names the saved search only; reloaded, the box shows the name back.
    await expect(page).toHaveURL(/\/patients\?search=[0-9a-f-]{36}$/);
    const url = decodeURIComponent(page.url()).toLowerCase();
    for (const part of [patient.firstName, patient.lastName]) expect(url).not.toContain(part.toLowerCase());
    await page.reload();
    await expect(page.getByLabel("Search patients")).toHaveValue(`${patient.firstName} ${patient.lastName}`);
    await expect(page.getByRole("link", { name })).toBeVisible();
    await search(dob);
    await expect(page.getByRole("link", { name })).toBeVisible();
    await search("zzzz-no-such-patient");
    await expect(page.getByText("No patient matches this search.", { exact: false })).toBeVisible();
  });

  test("creates a patient, and a bad form changes nothing", async ({ page }) => {
    await page.goto("/patients/new");
    await page.getByLabel("First name").fill("Testa");
    await page.getByLabel("MRN").fill("bad mrn!");
    await page.getByLabel("Date of birth").fill("2030-01-01");
    await page.getByRole("button", { name: "Create patient" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Please correct the highlighted fields.");
    await expect(page.getByText("MRN may contain letters, digits and dashes only.")).toBeVisible();
    await expect(page.getByText("Enter a last name.")).toBeVisible();
    await expect(page.getByLabel("MRN")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("MRN").fill(`E2E-${randomBytes(4).toString("hex")}`);
    await page.getByLabel("Last name").fill("Example");
    await page.getByLabel("Date of birth").fill("2001-04-05");
    await page.getByLabel("Sex at birth").selectOption("FEMALE");
    // Only a dermatologist documents that a patient cannot become pregnant: a nurse registers the default.
    await expect(page.getByTestId("category-read-only")).toHaveText("Can become pregnant");
    await page.getByLabel("Indication").selectOption("ACNE_NODULAR");
    await page.getByRole("button", { name: "Create patient" }).click();
    await expect(page.getByTestId("patient-name")).toHaveText("Example, Testa");
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  });
});

test.describe("role boundaries", () => {
  test("a nurse is refused the dashboard and user management", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("NURSE") });
    const page = await context.newPage();
    for (const path of ["/dashboard", "/admin/users"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
    }
    await context.close();
  });

  test("an administrator is refused patient records", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("ADMIN") });
    const page = await context.newPage();
    const response = await page.goto("/patients");
    expect(response?.status()).toBe(403);
    await context.close();
  });

  test("an anonymous visitor is sent to the login page", async ({ page }) => {
    await page.goto("/patients/new");
    await expect(page).toHaveURL(/\/login(\?|$)/);
  });
});
