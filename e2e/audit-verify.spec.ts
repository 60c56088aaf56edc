import pg from "pg";
import { createSpecPatient, createUser, type SpecPatient } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

/**
 * The administrator's "Verify hash chain" (a POST; the page's GET only shows the result the POST sealed)
 * against a database superuser who rewrites an audit row and re-hashes it with plain SHA-256 (the trigger's
 * old, unkeyed formula). The row is this spec's own (the registration of its patient), and it is restored
 * afterwards, so the other specs find the trail intact.
 */
test.use({ storageState: storageStateFor("ADMIN") });

let patient: SpecPatient;
test.beforeAll(async () => {
  patient = await createSpecPatient(await createUser("DERMATOLOGIST"));
});

test("verification names the audit row a superuser rewrote, and is intact again once it is restored", async ({ page }) => {
  const adminUrl = process.env.E2E_DATABASE_ADMIN_URL;
  expect(adminUrl, "scripts/e2e.mjs passes the superuser URL to the specs").toBeTruthy();
  // An address never verifies: the flag the page once read shows nothing.
  await page.goto("/admin/audit?verify=1");
  await expect(page.getByTestId("audit-table")).toBeVisible();
  await expect(page.getByTestId("chain-status")).toHaveCount(0);
  await page.goto("/admin/audit");
  // Sent with the keyboard, the verification's result is announced and takes the focus.
  const verify = page.getByRole("button", { name: "Verify hash chain" });
  await hydrated(verify);
  await verify.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chain-status")).toContainText("Hash chain intact");
  await expect(page.getByRole("status").filter({ hasText: "Hash chain intact" })).toBeFocused();
  // The button posted; the page shows the sealed result it was given, and a reload shows it again, without moving the focus.
  await expect(page).toHaveURL(/\/admin\/audit\?chain=[\w-]+\.[\w-]+$/);
  await page.reload();
  await expect(page.getByTestId("chain-status")).toContainText("Hash chain intact");
  await expect(page.getByTestId("chain-status")).not.toBeFocused();

  const su = new pg.Client({ connectionString: adminUrl });
  await su.connect();
  try {
    const { rows } = await su.query<{ id: string; changes: unknown; hash: string }>(
      `SELECT id, changes, hash FROM audit_events WHERE action = 'patient.create' AND entity_id = $1`,
      [patient.id],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    await su.query("SET session_replication_role = replica");
    await su.query(
      `UPDATE audit_events SET changes = '{"fields": []}', hash = encode(sha256(convert_to(prev_hash || '|' || id::text || '|' || action || '|' || '{"fields": []}', 'UTF8')), 'hex') WHERE id = $1`,
      [row.id],
    );
    await page.getByRole("button", { name: "Verify hash chain" }).click();
    await expect(page.getByTestId("chain-status")).toHaveText(`The chain is broken at event ${row.id}: the trail has been altered.`);
    // A result shown already is replaced by the new one, which takes the focus again.
    await expect(page.getByTestId("chain-status")).toBeFocused();

    await su.query("UPDATE audit_events SET changes = $2, hash = $3 WHERE id = $1", [row.id, JSON.stringify(row.changes), row.hash]);
    await page.getByRole("button", { name: "Verify hash chain" }).click();
    await expect(page.getByTestId("chain-status")).toContainText("Hash chain intact");
    await expect(page.getByTestId("chain-status")).toBeFocused();
  } finally {
    await su.end();
  }
});
