import { test as base, expect, type Locator, type Page } from "@playwright/test";

export const LOGINS = {
  DERMATOLOGIST: { email: "derm@demo.isotrack.test", password: "Derm-demo-2026!" },
  NURSE: { email: "nurse@demo.isotrack.test", password: "Nurse-demo-2026!" },
  STAFF: { email: "staff@demo.isotrack.test", password: "Staff-demo-2026!" },
  ADMIN: { email: "admin@demo.isotrack.test", password: "Admin-demo-2026!" },
} as const;
export type DemoRole = keyof typeof LOGINS;

export const storageStateFor = (role: DemoRole) => `e2e/.auth/${role.toLowerCase()}.json`;

/** Submits the login form; the caller checks where it leads. */
export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function login(page: Page, role: DemoRole) {
  await signIn(page, LOGINS[role]);
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/**
 * Finds patients as a user does: the term typed into the patient list's search box, then Enter. The form
 * posts it; the list's address carries only the saved search's id (`origin`: another instance's).
 */
export async function searchPatients(page: Page, term: string, origin = "") {
  await page.goto(`${origin}/patients`);
  const box = page.getByRole("searchbox", { name: "Search patients" });
  await box.fill(term);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/patients\?search=[0-9a-f-]{36}$/);
}

/**
 * Waits until React has hydrated an element (it then carries React's own fiber key). A test that edits the
 * DOM by hand, as a hand-made request would, must wait: hydration puts rendered values back.
 */
export async function hydrated(element: Locator) {
  await expect.poll(() => element.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber")))).toBe(true);
}

/**
 * Enters a finished course from paper records that gives only its total, through the patient page's link and
 * the form; the caller checks what follows (`ended`: the outcome when not completed, `note`: the record's note).
 */
export async function enterPaperTotal(
  page: Page,
  course: { firstDay: string; lastDay: string; weightKg: string; totalMg: string; ended?: "STOPPED"; note?: string },
) {
  await page.getByRole("link", { name: "Enter a course from paper records" }).click();
  const form = page.getByTestId("paper-course-form");
  await form.getByLabel("First day").fill(course.firstDay);
  await form.getByLabel("Last day").fill(course.lastDay);
  if (course.ended) await form.getByLabel("Ended").selectOption(course.ended);
  await form.getByLabel("Weight used (kg)").fill(course.weightKg);
  await form.getByLabel("Total (mg)").fill(course.totalMg);
  if (course.note) await form.getByLabel("Note (optional)").fill(course.note);
  await form.getByRole("button", { name: "Save course history" }).click();
}

export const test = base;
export { expect };
