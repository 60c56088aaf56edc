import { randomBytes } from "node:crypto";
import { recordPatientView } from "../lib/data/access-audit";
import { changeRole } from "../lib/data/users";
import { listTokensAwaitingApproval } from "../lib/data/token-approvals";
import { approveToken } from "../lib/data/token-decisions";
import { createApiClient, revokeApiClient } from "../lib/fhir/clients";
import { createSpecPatient, createUser, type SpecPatient, type SpecUser } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * An administrator answers access questions on the audit page: what a role change did and to whom, what an API
 * client's token did (a call refused once the client was revoked), and who saw a patient, one kind at a time. The
 * accounts, the client and the patient are this spec's own.
 */
test.use({ storageState: storageStateFor("ADMIN") });

let admin: SpecUser;
let target: SpecUser;
let derm: SpecUser;
let patient: SpecPatient;
let client: { id: string; token: string; label: string };
test.beforeAll(async () => {
  admin = await createUser("ADMIN");
  target = await createUser("STAFF");
  await changeRole({ id: admin.id, role: "ADMIN" }, target.id, "NURSE", "STAFF");
  const name = `Spec registry ${randomBytes(4).toString("hex")}`;
  const made = await createApiClient({ id: admin.id, role: "ADMIN" }, { name, role: "NURSE" });
  derm = await createUser("DERMATOLOGIST");
  // The dermatologist who approves it is shown its token; the administrator then revokes the client.
  const dermatologist = { id: derm.id, role: "DERMATOLOGIST" } as const;
  const shown = (await listTokensAwaitingApproval(dermatologist)).find((t) => t.id === made.id)!;
  const { token } = await approveToken(dermatologist, { kind: "API_CLIENT", id: made.id, requestedAt: shown.requestedAt });
  await revokeApiClient({ id: admin.id, role: "ADMIN" }, made.id);
  client = { ...made, token, label: `${name} (API client ${made.id.slice(0, 8)})` };
  patient = await createSpecPatient(derm);
  await recordPatientView({ id: derm.id, role: "DERMATOLOGIST" }, patient.id, "summary");
});

const table = (page: import("@playwright/test").Page) => page.getByTestId("audit-table");

test("a token's refused call and a role change read by label, with whom they acted on and their details", async ({ page, request }) => {
  // The client is revoked: its token's call is refused, and recorded under its name.
  expect((await request.get("/fhir/Patient", { headers: { Authorization: `Bearer ${client.token}` } })).status()).toBe(401);

  await page.goto("/admin/audit");
  const user = page.getByRole("combobox", { name: "User" });
  // API clients are offered among the users, under their own heading.
  await expect(user.locator("optgroup[label='API clients'] option", { hasText: client.label })).toHaveCount(1);
  await user.selectOption({ label: client.label });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${client.id}`));
  const refused = table(page).getByRole("row").filter({ hasText: "Access refused" });
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText("access.denied");
  await expect(refused).toContainText("Reason: revoked");
  await expect(refused).toContainText("Resource type: Patient");

  await page.getByRole("combobox", { name: "User" }).selectOption({ label: admin.name });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${admin.id}`));
  const change = table(page).getByRole("row").filter({ hasText: "Role changed" });
  await expect(change).toHaveCount(1);
  // The code beneath the label, the person by name beside the record's id, the change as a line: no JSON.
  await expect(change).toContainText("user.role_change");
  await expect(change).toContainText(`User ${target.name} ${target.id.slice(0, 8)}`);
  await expect(change).toContainText("Role: STAFF → NURSE");
  await expect(change).not.toContainText("{");
  await expect(table(page).getByRole("row").filter({ hasText: "API client created" })).toContainText(`API client ${client.label.split(" (")[0]}`);
  // The action filter offers labels, not codes.
  await expect(page.getByRole("combobox", { name: "Action" }).locator("option", { hasText: "Role changed" })).toHaveAttribute("title", "user.role_change");
});

test("a patient's access report shows every kind by default, and one kind with its count", async ({ page }) => {
  await page.goto("/admin/audit");
  await page.getByRole("searchbox", { name: "Patient" }).fill(patient.mrn);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?search=[0-9a-f-]{36}$/);
  const kinds = page.getByRole("navigation", { name: "Kinds of event" });
  await expect(kinds.getByRole("link", { name: /^All \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
  // The record opened once; registered once; no list has shown this patient (the specs run one at a time).
  await expect(kinds.getByRole("link", { name: "Record views (1)" })).toBeVisible();
  await expect(kinds.getByRole("link", { name: "Changes (1)" })).toBeVisible();
  await expect(kinds.getByRole("link", { name: "Lists that showed this patient (0)" })).toBeVisible();

  await kinds.getByRole("link", { name: "Record views (1)" }).click();
  await expect(page).toHaveURL(/kind=views/);
  await expect(table(page).locator("tbody tr")).toHaveCount(1);
  await expect(kinds.getByRole("link", { name: "Record views (1)" })).toHaveAttribute("aria-current", "page");
  await expect(table(page).locator("tbody tr")).toHaveCount(1);
  await expect(table(page).locator("tbody tr")).toContainText("Patient record viewed");
  await expect(table(page).locator("tbody tr")).toContainText(derm.name);
  await expect(table(page).locator("tbody tr")).toContainText("Section: summary");

  // The administrator's own readings are kept, as their own kind: each page of this report is one.
  const audit = kinds.getByRole("link", { name: /^Audit views \(\d+\)$/ });
  await audit.click();
  await expect(page).toHaveURL(/kind=audit/);
  await expect(audit).toHaveAttribute("aria-current", "page");
  const shown = Number(/\((\d+)\)/.exec((await audit.textContent()) ?? "")![1]);
  expect(shown).toBeGreaterThanOrEqual(2);
  await expect(table(page).locator("tbody tr")).toHaveCount(shown);
  for (const row of await table(page).locator("tbody tr").all()) await expect(row).toContainText("Audit trail viewed");
  // The filter form keeps the kind shown.
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/kind=audit/);
});
